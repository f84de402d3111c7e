import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Progress } from '../../contract/progress';
import { WORKFLOW_TASK_FAILING_STAGE } from '../../tasks/status';
import { summarizeFailure, type FailureSummary } from './failure-summary';
import { historyNewestFirst } from './history-newest-first';

/** Why a task's workflow cannot go on, as Temporal recorded it: the worker keeps failing its workflow task. */
export interface WorkflowTaskFailure {
  /** The attempt Temporal has scheduled or handed out now (2 after the first failure). */
  attempt: number;
  /** Temporal's cause, e.g. `workflow_worker_unhandled_failure`, `non_deterministic_error`, `timed_out`. */
  cause: string;
  /** The first failure of this run of attempts (Temporal records only that one; retries that fail alike are not written). */
  failure: FailureSummary;
  /** When that first failure was recorded. */
  failed_at: string | null;
}

const { EventType, WorkflowTaskFailedCause, TimeoutType } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Events read per page from the end of the history; the failure is almost always among the last few. */
const PAGE_SIZE = 20;

/**
 * The failing workflow task of a running task, or `undefined` when its workflow tasks are healthy.
 * Only a pending workflow task on a retry (attempt > 1) costs a read: then the history is read
 * backwards to its last workflow task failure or time-out, stopping at the last completed one.
 */
export async function readWorkflowTaskFailure(client: Client, description: Pick<WorkflowExecutionDescription, 'workflowId' | 'runId' | 'raw'>): Promise<WorkflowTaskFailure | undefined> {
  const attempt = description.raw.pendingWorkflowTask?.attempt ?? 1;
  if (attempt <= 1) return undefined;
  const event = await lastWorkflowTaskFailure(client, description.workflowId, description.runId);
  const failedAt = event?.eventTime ? isoTime(event.eventTime) : null;
  if (event?.workflowTaskFailedEventAttributes) {
    const attributes = event.workflowTaskFailedEventAttributes;
    return { attempt, cause: failedCause(attributes.cause), failure: failureOf(client, attributes.failure), failed_at: failedAt };
  }
  if (event?.workflowTaskTimedOutEventAttributes) {
    const timeout = TimeoutType[event.workflowTaskTimedOutEventAttributes.timeoutType ?? 0] ?? 'TIMEOUT_TYPE_UNSPECIFIED';
    const message = `the workflow task timed out (${timeout.replace('TIMEOUT_TYPE_', '').toLowerCase()}): its worker stopped, or the workflow code ran too long without yielding`;
    return { attempt, cause: 'timed_out', failure: { type: 'TimeoutFailure', message, causes: [] }, failed_at: failedAt };
  }
  // Retried, yet no failure on record (it may have been reset away): say what is known.
  return { attempt, cause: 'unspecified', failure: { type: 'Unknown', message: 'Temporal keeps retrying the workflow task but recorded no failure', causes: [] }, failed_at: null };
}

/** What a running task reports while its workflow task keeps failing: the failure, in place of the workflow's own progress. */
export function failingProgress(failing: WorkflowTaskFailure): Progress {
  return { percent: 0, stage: WORKFLOW_TASK_FAILING_STAGE, message: `${failing.failure.type}: ${failing.failure.message}` };
}

/** The newest WorkflowTaskFailed or WorkflowTaskTimedOut event after the last completed workflow task. */
async function lastWorkflowTaskFailure(client: Client, workflowId: string, runId: string): Promise<HistoryEvent | undefined> {
  for await (const event of historyNewestFirst(client, workflowId, runId, PAGE_SIZE)) {
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED || event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) return event;
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) return undefined;
  }
  return undefined;
}

/** `non_deterministic_error`, ... from Temporal's WORKFLOW_TASK_FAILED_CAUSE_* enum. */
function failedCause(cause: temporal.api.enums.v1.WorkflowTaskFailedCause | null | undefined): string {
  const name = WorkflowTaskFailedCause[cause ?? 0] ?? 'WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED';
  return name.replace('WORKFLOW_TASK_FAILED_CAUSE_', '').toLowerCase();
}

/** The recorded failure as plain data, through the client's failure converter (as the SDK reads failures). */
function failureOf(client: Client, failure: temporal.api.failure.v1.IFailure | null | undefined): FailureSummary {
  if (!failure) return { type: 'Unknown', message: 'the worker gave no failure', causes: [] };
  const { failureConverter, payloadConverter } = client.options.loadedDataConverter;
  const summary = summarizeFailure(failureConverter.failureToError(failure, payloadConverter));
  // The SDK records what a workflow threw without a failure type (no application failure info):
  // the class the worker's log shows is the head of the recorded stack.
  if (failure.applicationFailureInfo || summary.type !== 'TemporalFailure') return summary;
  return { ...summary, type: thrownClass(failure) ?? 'WorkflowTaskFailure' };
}

/** `TypeError` from a stack whose header line reads `TypeError: <the failure's message>`. */
function thrownClass(failure: temporal.api.failure.v1.IFailure): string | undefined {
  const header = failure.stackTrace?.split('\n').find((line) => failure.message && line.endsWith(`: ${failure.message}`));
  return header ? /^([A-Za-z_$][\w$.]*): /.exec(header)?.[1] : undefined;
}

/** A protobuf timestamp as ISO text (its seconds may be a Long). */
function isoTime(time: { seconds?: { toString(): string } | number | null; nanos?: number | null }): string {
  return new Date(Number(String(time.seconds ?? 0)) * 1000 + Math.floor((time.nanos ?? 0) / 1e6)).toISOString();
}
