import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import type { TaskStatus } from '../tasks/status';
import type { Progress } from '../contract/progress';
import { TASK_POLL_MS } from './deadlines';
import { summarizeFailure, type FailureSummary } from './failure-summary';
import { runningProgress } from './task-progress';
import { workerHasTaken } from './task-started';
import { failingProgress, readWorkflowTaskFailure } from './workflow-task-failure';

export interface TaskOutcome {
  status: TaskStatus;
  result?: unknown;
  failure?: FailureSummary;
}


/**
 * Waits for a task to end, calling `onProgress` with its progress as it changes (`undefined`
 * while no worker has taken it; the `workflow_task_failing` stage while a worker fails its
 * workflow task).
 * Never throws for a task that failed: the failure is part of the outcome.
 */
export async function awaitOutcome(client: Client, handle: WorkflowHandle, onProgress: (progress: Progress | undefined) => void): Promise<TaskOutcome> {
  let done = false;
  const outcome = handle.result().then(
    (result): TaskOutcome => ({ status: 'completed', result }),
    async (error: unknown): Promise<TaskOutcome> => {
      if (!(error instanceof WorkflowFailedError)) throw error;
      return failedOutcome(error);
    },
  );
  void outcome.finally(() => (done = true)).catch(() => undefined);

  const poll = async (): Promise<void> => {
    while (!done) {
      try {
        const description = await handle.describe();
        const failing = await readWorkflowTaskFailure(client, description);
        const progress = failing ? failingProgress(failing) : workerHasTaken(description) ? await runningProgress(client, handle, description) : null;
        if (!done) onProgress(progress ?? undefined);
      } catch {
        if (!done) onProgress(undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, TASK_POLL_MS));
    }
  };
  const polling = poll();
  try {
    return await outcome;
  } finally {
    done = true;
    await polling;
  }
}

/** How a task that did not complete ended, read from the failure itself (no second call to Temporal). */
export function failedOutcome(error: WorkflowFailedError): TaskOutcome {
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
