import type { Client } from '@temporalio/client';

/** A segment's tasks as Temporal's visibility counts them, against what the load tool was told. */
export interface Accounting {
  /** Submits the API or the client accepted (a task id came back). */
  accepted: number;
  /** Executions started on the queue in the segment's window that visibility lists as Completed. */
  completedInVisibility: number;
  /** Accepted tasks visibility does not list in the window. */
  missing: number;
  /** Executions in the window that no accepted submit named. */
  extra: number;
  /** Accepted tasks visibility lists in another status than Completed (after waiting for it to settle). */
  notCompleted: number;
  /** Results that came back and were not what the task type returns. */
  wrong: number;
  /** How long visibility took to agree (or the deadline, if it never did). */
  settleMs: number;
}

const POLL_MS = 500;

/**
 * Lists the executions started on `queue` between `from` and `to` and compares them with the ids
 * the segment accepted: none missing, none extra, each Completed. Visibility is eventually
 * consistent, so it asks again until they agree or `deadlineMs` passes, and reports the last look.
 */
export async function accountFor(
  client: Client,
  segment: { queue: string; from: Date; to: Date; accepted: Set<string>; wrong: number },
  deadlineMs = 60_000,
): Promise<Accounting> {
  const query = `TaskQueue = '${segment.queue}' AND StartTime >= '${segment.from.toISOString()}' AND StartTime <= '${segment.to.toISOString()}'`;
  const began = performance.now();
  for (;;) {
    const statusById = new Map<string, string>();
    for await (const execution of client.workflow.list({ query })) statusById.set(execution.workflowId, execution.status.name);
    let missing = 0;
    let notCompleted = 0;
    for (const id of segment.accepted) {
      const status = statusById.get(id);
      if (status === undefined) missing++;
      else if (status !== 'COMPLETED') notCompleted++;
    }
    const extra = [...statusById.keys()].filter((id) => !segment.accepted.has(id)).length;
    const completedInVisibility = [...statusById.values()].filter((status) => status === 'COMPLETED').length;
    const settleMs = performance.now() - began;
    const agrees = missing === 0 && extra === 0 && notCompleted === 0;
    if (agrees || settleMs > deadlineMs) {
      return { accepted: segment.accepted.size, completedInVisibility, missing, extra, notCompleted, wrong: segment.wrong, settleMs };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Whether the segment is fully accounted for: every accepted task listed Completed, nothing else, every result right. */
export function accountedFor(a: Accounting, expected: number): boolean {
  return a.accepted === expected && a.completedInVisibility === expected && a.missing === 0 && a.extra === 0 && a.notCompleted === 0 && a.wrong === 0;
}
