import { setHandler, type WorkflowInterceptors } from '@temporalio/workflow';
import { currentProgress, progressQuery } from './progress';
import { KeyedActivities } from './keyed-activities';
import { TaskBookkeeping } from './task-bookkeeping';

/**
 * Conveyor's bookkeeping, done for every workflow so that the workflow author writes none of it:
 *  - the `progress` query, answered from the state `setProgress` keeps;
 *  - for a task (a workflow Conveyor started, or one whose workflow type is a registered task
 *    name, whoever started it), one search-attribute update on its first run: started (no longer
 *    `queued`), plus its task name, queue and reversed id when nobody recorded them at start, so a
 *    task started through Temporal directly (the `temporal` CLI, another SDK) appears in the API,
 *    and resolves by the end of its id, like any other;
 *  - for a task of a type with per-key concurrency (its memo says so), a slot of its key's
 *    semaphore around the workflow: it waits for one, and releases it however it ends;
 *  - its activities under its fairness key, and for a task of a type with a rate limit, through
 *    their queue (no eager dispatch), where Temporal enforces the limit;
 *  - a result holding NaN or ±Infinity fails the workflow (`NonFiniteResult`, non-retryable)
 *    instead of completing with `null` where the number was.
 * This module is evaluated for every execution (it imports the execution's own progress); the
 * bookkeeping itself is in a module the worker shares between executions.
 */
export function conveyorInterceptors(taskNames: readonly string[]): WorkflowInterceptors {
  return { inbound: [new TaskBookkeeping(taskNames, answerProgress)], outbound: [new KeyedActivities()] };
}

/** For workers Conveyor does not generate (tests, a hand-written worker): tasks Conveyor started. */
export const interceptors = (): WorkflowInterceptors => conveyorInterceptors([]);

/** The `progress` query answers with this execution's progress. */
function answerProgress(): void {
  setHandler(progressQuery, currentProgress);
}
