import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { CancelledFailure, TemporalFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import type { TaskStatus } from '../tasks/status';
import type { Progress } from '../contract/progress';
import { STARTED_ATTRIBUTE } from '../contract/search-attributes';
import { TASK_POLL_MS } from './deadlines';
import { runningProgress } from './task-progress';

export interface TaskOutcome {
  status: TaskStatus;
  result?: unknown;
  failure?: FailureSummary;
}

export interface FailureSummary {
  /** The failure's type (`ApplicationFailure` type, or the failure class such as `TimeoutFailure`). */
  type: string;
  message: string;
  /** The chain of causes, outermost first. */
  causes: { type: string; message: string }[];
}

/**
 * Waits for a task to end, calling `onProgress` with its progress as it changes (`undefined`
 * while no worker has taken it).
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
        const started = description.typedSearchAttributes.get(STARTED_ATTRIBUTE) === true;
        const progress = started ? await runningProgress(client, handle, description) : null;
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

/** A failure and its causes as plain data, with types rather than class internals. */
export function summarizeFailure(failure: Error | undefined): FailureSummary {
  const chain: { type: string; message: string }[] = [];
  for (let current: Error | undefined = failure; current; current = current.cause as Error | undefined) {
    const type = current instanceof TemporalFailure && 'type' in current && typeof current.type === 'string' && current.type ? current.type : current.name;
    chain.push({ type, message: current.message });
  }
  const [first, ...causes] = chain;
  return { type: first?.type ?? 'Unknown', message: first?.message ?? 'unknown failure', causes };
}
