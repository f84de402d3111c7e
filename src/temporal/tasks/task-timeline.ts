import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { z } from 'zod';
import { dateOf } from '../timestamp';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

/** At most this many entries per answer: a long task's history is summarised from its latest events back. */
export const TIMELINE_MAX_ENTRIES = 500;
/** Events read per history page. */
const PAGE_SIZE = 200;

export const TIMELINE_KINDS = [
  'task_started',
  'activity_scheduled',
  'activity_started',
  'activity_retried',
  'activity_completed',
  'activity_failed',
  'activity_timed_out',
  'activity_cancelled',
  'signal_received',
  'update_accepted',
  'timer_started',
  'timer_fired',
  'child_started',
  'child_completed',
  'child_failed',
  'child_ended',
  'cancel_requested',
  'continued_as_new',
  'task_completed',
  'task_failed',
  'task_cancelled',
  'task_terminated',
  'task_timed_out',
] as const;

export const timelineEntry = z.object({
  at: z.string().describe('When Temporal recorded the event'),
  run_id: z.string(),
  event_id: z.number(),
  kind: z.enum(TIMELINE_KINDS),
  /** What the entry is about: an activity type, a signal or update name, a child's workflow id, a timer's id. */
  name: z.string().nullable(),
  attempt: z.number().nullable().describe('An activity attempt: above 1 once it was retried'),
  detail: z.string().nullable().describe('A failure message, a termination reason, the next run id, …'),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;

export const timelineBody = z
  .object({
    task_id: z.string(),
    entries: z.array(timelineEntry).describe(`Oldest first, at most ${TIMELINE_MAX_ENTRIES}; a task that continued as new shows its earlier runs first`),
    truncated: z.boolean().describe('Older events exist than the entries show'),
  })
  .describe('TaskTimeline');

/**
 * The execution as people follow it: activities scheduled, started (retried past the first
 * attempt), ended; signals; timers; child tasks; continue-as-new; the outcome. Summarised from
 * Temporal's history, latest run first and back through the runs it continued from, until
 * {@link TIMELINE_MAX_ENTRIES}; workflow-task bookkeeping is left out.
 */
export async function readTimeline(client: Client, workflowId: string, runId: string): Promise<z.infer<typeof timelineBody>> {
  const runs: TimelineEntry[][] = [];
  let count = 0;
  let truncated = false;
  for (let run: string | undefined = runId; run && !truncated; ) {
    const { entries, previousRunId, cut } = await readRun(client, workflowId, run, TIMELINE_MAX_ENTRIES - count);
    runs.unshift(entries);
    count += entries.length;
    truncated = cut || (previousRunId !== undefined && count >= TIMELINE_MAX_ENTRIES);
    run = previousRunId;
  }
  return { task_id: workflowId, entries: runs.flat(), truncated };
}

async function readRun(client: Client, workflowId: string, runId: string, room: number) {
  const entries: TimelineEntry[] = [];
  let previousRunId: string | undefined;
  let pageToken: Uint8Array | undefined;
  // An activity's later events point at its scheduled event: they are named by the type it scheduled.
  const activityTypes = new Map<number, string>();
  do {
    const page: temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId, runId },
      maximumPageSize: PAGE_SIZE,
      nextPageToken: pageToken,
    });
    for (const event of page.history?.events ?? []) {
      previousRunId ??= event.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
      const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
      if (scheduled) activityTypes.set(Number(event.eventId), scheduled);
      const entry = summarize(event, runId, activityTypes);
      if (entry) entries.push(entry);
    }
    pageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (pageToken);
  // Keep the latest events of an overlong run: the end says where the task stands.
  const cut = entries.length > room;
  return { entries: cut ? entries.slice(entries.length - room) : entries, previousRunId, cut };
}

function summarize(event: HistoryEvent, runId: string, activityTypes: Map<number, string>): TimelineEntry | undefined {
  const base = { at: (dateOf(event.eventTime) ?? new Date(0)).toISOString(), run_id: runId, event_id: Number(event.eventId ?? 0), name: null, attempt: null, detail: null };
  const entry = (kind: TimelineEntry['kind'], fields: Partial<Pick<TimelineEntry, 'name' | 'attempt' | 'detail'>> = {}): TimelineEntry => ({ ...base, kind, ...fields });
  // Event ids are protobuf Longs: Number() reads them through their decimal toString.
  const activity = (attributes: { scheduledEventId?: unknown } | null | undefined): string | null =>
    activityTypes.get(Number(attributes?.scheduledEventId ?? 0)) ?? null;
  const failure = (f: temporal.api.failure.v1.IFailure | null | undefined): string | null => (f ? [f.applicationFailureInfo?.type, f.message].filter(Boolean).join(': ') || null : null);
  switch (event.eventType) {
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
      const started = event.workflowExecutionStartedEventAttributes;
      return entry('task_started', { name: started?.workflowType?.name ?? null, detail: started?.continuedExecutionRunId ? `continued from run ${started.continuedExecutionRunId}` : null });
    }
    case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
      return entry('activity_scheduled', { name: event.activityTaskScheduledEventAttributes?.activityType?.name ?? null });
    case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
      // Temporal records one started event per activity, for its last attempt, with the failure that attempt retried.
      const started = event.activityTaskStartedEventAttributes;
      const attempt = started?.attempt ?? 1;
      return entry(attempt > 1 ? 'activity_retried' : 'activity_started', { name: activity(started), attempt, detail: attempt > 1 ? failure(started?.lastFailure) : null });
    }
    case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
      return entry('activity_completed', { name: activity(event.activityTaskCompletedEventAttributes) });
    case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED:
      return entry('activity_failed', { name: activity(event.activityTaskFailedEventAttributes), detail: failure(event.activityTaskFailedEventAttributes?.failure) });
    case EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
      return entry('activity_timed_out', { name: activity(event.activityTaskTimedOutEventAttributes), detail: failure(event.activityTaskTimedOutEventAttributes?.failure) });
    case EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED:
      return entry('activity_cancelled', { name: activity(event.activityTaskCanceledEventAttributes) });
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
      return entry('signal_received', { name: event.workflowExecutionSignaledEventAttributes?.signalName ?? null });
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
      return entry('update_accepted', { name: event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? null });
    case EventType.EVENT_TYPE_TIMER_STARTED:
      return entry('timer_started', { name: event.timerStartedEventAttributes?.timerId ?? null });
    case EventType.EVENT_TYPE_TIMER_FIRED:
      return entry('timer_fired', { name: event.timerFiredEventAttributes?.timerId ?? null });
    case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
      return undefined;
    case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED: {
      const child = event.childWorkflowExecutionStartedEventAttributes;
      return entry('child_started', { name: child?.workflowExecution?.workflowId ?? null, detail: child?.workflowType?.name ?? null });
    }
    case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED:
      return entry('child_completed', { name: event.childWorkflowExecutionCompletedEventAttributes?.workflowExecution?.workflowId ?? null });
    case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED: {
      const child = event.childWorkflowExecutionFailedEventAttributes;
      return entry('child_failed', { name: child?.workflowExecution?.workflowId ?? null, detail: failure(child?.failure) });
    }
    case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED:
      return entry('child_ended', { name: event.childWorkflowExecutionCanceledEventAttributes?.workflowExecution?.workflowId ?? null, detail: 'cancelled' });
    case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED:
      return entry('child_ended', { name: event.childWorkflowExecutionTerminatedEventAttributes?.workflowExecution?.workflowId ?? null, detail: 'terminated' });
    case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT:
      return entry('child_ended', { name: event.childWorkflowExecutionTimedOutEventAttributes?.workflowExecution?.workflowId ?? null, detail: 'timed out' });
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
      return entry('cancel_requested', { detail: event.workflowExecutionCancelRequestedEventAttributes?.identity || null });
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
      return entry('continued_as_new', { detail: `next run ${event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? ''}`.trim() });
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
      return entry('task_completed');
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
      return entry('task_failed', { detail: failure(event.workflowExecutionFailedEventAttributes?.failure) });
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
      return entry('task_cancelled');
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
      return entry('task_terminated', { detail: event.workflowExecutionTerminatedEventAttributes?.reason || null });
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
      return entry('task_timed_out');
    default:
      return undefined;
  }
}
