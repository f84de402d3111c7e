import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import type { TaskStatus } from '../../tasks/status';
import { summarizeFailure, type FailureSummary } from './failure-summary';

export interface TaskOutcome {
  status: TaskStatus;
  result?: unknown;
  failure?: FailureSummary;
}

/** How a task that did not complete ended, read from the failure itself (no second call to Temporal). */
function failedOutcome(error: WorkflowFailedError): TaskOutcome {
  const cause = error.cause;
  const status: TaskStatus =
    cause instanceof CancelledFailure ? 'cancelled' : cause instanceof TerminatedFailure ? 'terminated' : cause instanceof TimeoutFailure ? 'timed_out' : 'failed';
  return { status, failure: summarizeFailure(cause) };
}

/** The outcome of a task that has ended: its result, or how it failed. */
export async function endedOutcome(handle: WorkflowHandle): Promise<TaskOutcome> {
  try {
    return { status: 'completed', result: await handle.result() };
  } catch (error) {
    if (!(error instanceof WorkflowFailedError)) throw error;
    return failedOutcome(error);
  }
}
