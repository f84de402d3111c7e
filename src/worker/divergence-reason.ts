/**
 * What a reader needs of a replay failure. The SDK wraps core's one-line reason, which names the
 * divergent command (`[TMPRL1100] Nondeterminism error: Timer machine does not handle this event:
 * HistoryEvent(id: 6, ActivityTaskScheduled)`: the code now starts a timer where the history
 * scheduled an activity), in a paragraph and a debug dump of the failure; this is that reason.
 * A message without one is kept whole.
 */
export function divergenceReason(message: string): string {
  const reason = /message: "((?:[^"\\]|\\.)*)"/.exec(message)?.[1];
  return reason ? reason.replaceAll('\\"', '"') : message;
}
