import { QueryNotRegisteredError } from '@temporalio/client';
import { decisionQuery, type DecisionState } from '../../contract/decision';
import { progressQuery } from '../../contract/progress';
import { workerHasTaken } from './task-started';
import { withinCallDeadline } from '../deadlines';
import type { AnyTaskDefinition } from '../../tasks/define-task';
import type { ApiContext } from '../../api/context';
import { ApiError } from '../../api/http/api-error';
import type { LoadedTask } from './load-task';

/** The stage `awaitDecision` shows while it waits. */
const AWAITING_REVIEW_STAGE = 'awaiting_review';

/**
 * Checks that a running task waits for a decision now, so a review is not sent into a task that
 * would ignore it: by its `decision` query when it declares one (pending, not yet decided), else
 * by its progress stage. A task not there yet, or already decided, is 409 `not_awaiting_review`.
 */
export async function assertAwaitingDecision(ctx: ApiContext, loaded: LoadedTask, task: AnyTaskDefinition): Promise<void> {
  const id = loaded.taskId;
  // A task no worker has taken cannot be waiting: a query would only wait for a worker (and end 503).
  if (!workerHasTaken(loaded.description)) throw notAwaiting(id, 'no worker has taken it yet');
  if (task.queries?.includes(decisionQuery.name)) {
    const state = await ask(ctx, loaded, () => loaded.handle.query(decisionQuery));
    if (state === undefined) throw notAwaiting(id, 'it has not reached its review step yet');
    if (state.state !== 'pending') throw notAwaiting(id, `it was already ${settled(state)}`);
    return;
  }
  const progress = await ask(ctx, loaded, () => loaded.handle.query(progressQuery));
  if (progress?.stage !== AWAITING_REVIEW_STAGE) throw notAwaiting(id, `its stage is ${progress?.stage ?? 'unknown'}, not ${AWAITING_REVIEW_STAGE}`);
}

/** A query's answer; undefined when the workflow has not registered it (yet); 503 when no worker answers in time. */
async function ask<T>(ctx: ApiContext, loaded: LoadedTask, query: () => Promise<T>): Promise<T | undefined> {
  try {
    return await withinCallDeadline(ctx.client, query);
  } catch (error) {
    if (error instanceof QueryNotRegisteredError) return undefined;
    throw new ApiError(503, 'no_worker', `no worker answered whether task "${loaded.taskId}" awaits review; is a worker serving queue ${loaded.description.taskQueue}?`, undefined, {
      'retry-after': '5',
    });
  }
}

function settled(state: DecisionState): string {
  if (state.state === 'timed_out') return 'timed out: nobody decided by its deadline';
  const by = state.decided_by === 'timeout' ? 'at its deadline' : `by ${state.reviewer ?? 'a reviewer'}`;
  return `${state.state} ${by}`;
}

function notAwaiting(taskId: string, why: string): ApiError {
  return new ApiError(409, 'not_awaiting_review', `task "${taskId}" is not awaiting review: ${why}`);
}
