import { temporal } from '@temporalio/proto';

const { EventType, WorkflowTaskFailedCause } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Where a reset takes a run back to, and the failure that made it the place. */
export interface ResetPoint {
  /** The `workflowTaskFinishEventId` of Temporal's ResetWorkflowExecution: the run replays its history up to this workflow task and runs it again. */
  eventId: number;
  /** The first failure of the run: what the reset undoes. */
  failedEventId: number;
  /** That failure's event type, e.g. `activity_task_failed`, `workflow_task_failed`. */
  failedEventType: string;
}

/** Events that record something failing: an activity or child after its retries, a workflow task, the workflow itself. */
const FAILURES = new Set<number>([
  EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
  EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
  EventType.EVENT_TYPE_NEXUS_OPERATION_FAILED,
  EventType.EVENT_TYPE_NEXUS_OPERATION_TIMED_OUT,
  EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
]);

/**
 * Workflow task failures that are Temporal's bookkeeping, not a failure of the task: the mark a
 * reset leaves in the run it creates, and a completion Temporal turned down because new events
 * (a signal) arrived meanwhile.
 */
const BOOKKEEPING_CAUSES = new Set<number>([
  WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW,
  WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
  WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_STICKY_TASK_QUEUE,
  WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FAILOVER_CLOSE_COMMAND,
]);

/**
 * Where to reset a failed or stuck run so that it retries from its failed step, keeping what
 * completed before (Temporal's ResetWorkflowExecution, as its UI and CLI reset to an event): the
 * last workflow task completed before the run's first failure. That workflow task is the one that
 * scheduled the failed step (or, for a failure in workflow code, the one that failed); the new run
 * keeps every event before it, so the steps that completed are replayed from their recorded
 * results and only the failed step runs again. A run whose very first workflow task failed has
 * none completed: it goes back to that failure (the reset runs its first workflow task again).
 * Undefined for a run without a failure. `events`: the run's history, oldest first.
 */
export function resetPointOf(events: readonly HistoryEvent[]): ResetPoint | undefined {
  let lastCompleted: number | undefined;
  for (const event of events) {
    const id = Number(event.eventId ?? 0);
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) lastCompleted = id;
    if (!isFailure(event)) continue;
    const failedEventType = (EventType[event.eventType ?? 0] ?? 'EVENT_TYPE_UNSPECIFIED').replace('EVENT_TYPE_', '').toLowerCase();
    if (lastCompleted !== undefined) return { eventId: lastCompleted, failedEventId: id, failedEventType };
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) return { eventId: id, failedEventId: id, failedEventType };
    return undefined;
  }
  return undefined;
}

function isFailure(event: HistoryEvent): boolean {
  if (!FAILURES.has(event.eventType ?? 0)) return false;
  const cause = event.workflowTaskFailedEventAttributes?.cause;
  return event.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED || !BOOKKEEPING_CAUSES.has(cause ?? 0);
}
