import { QueryNotRegisteredError, type Client } from '@temporalio/client';
import { decisionQuery, type DecisionState } from '../../contract/decision';
import { progressQuery } from '../../contract/progress';
import { workerHasTaken } from './task-started';
import { withinCallDeadline } from '../deadlines';
import type { AnyTaskDefinition } from '../../tasks/define-task';
import { NoWorker, NotAwaitingReview } from '../store-errors';
import type { LoadedTask } from './load-task';

/** The stage `awaitDecision` shows while it waits. */
const AWAITING_REVIEW_STAGE = 'awaiting_review';

/**
 * Checks that a running task waits for a decision now, so a review is not sent into a task that
 * would ignore it: by its `decision` query when it declares one (pending, not yet decided), else
 * by its progress stage. A task not there yet, or already decided, is {@link NotAwaitingReview}.
 */
export async function assertAwaitingDecision(client: Client, loaded: LoadedTask, task: AnyTaskDefinition): Promise<void> {
  const id = loaded.taskId;
  // A task no worker has taken cannot be waiting: a query would only wait for a worker (and end in NoWorker).
  if (!workerHasTaken(loaded.description)) throw new NotAwaitingReview(id, 'no worker has taken it yet');
  if (task.queries?.includes(decisionQuery.name)) {
    const state = await ask(client, loaded, () => loaded.handle.query(decisionQuery));
    if (state === undefined) throw new NotAwaitingReview(id, 'it has not reached its review step yet');
    if (state.state !== 'pending') throw new NotAwaitingReview(id, `it was already ${settled(state)}`);
    return;
  }
  const progress = await ask(client, loaded, () => loaded.handle.query(progressQuery));
  if (progress?.stage !== AWAITING_REVIEW_STAGE) throw new NotAwaitingReview(id, `its stage is ${progress?.stage ?? 'unknown'}, not ${AWAITING_REVIEW_STAGE}`);
}

/** A query's answer; undefined when the workflow has not registered it (yet); {@link NoWorker} when no worker answers in time. */
async function ask<T>(client: Client, loaded: LoadedTask, query: () => Promise<T>): Promise<T | undefined> {
  try {
    return await withinCallDeadline(client, query);
  } catch (error) {
    if (error instanceof QueryNotRegisteredError) return undefined;
    const queue = loaded.description.taskQueue;
    throw new NoWorker(loaded.taskId, queue, `no worker answered whether task "${loaded.taskId}" awaits review; is a worker serving queue ${queue}?`);
  }
}

function settled(state: DecisionState): string {
  if (state.state === 'timed_out') return 'timed out: nobody decided by its deadline';
  const by = state.decided_by === 'timeout' ? 'at its deadline' : `by ${state.reviewer ?? 'a reviewer'}`;
  return `${state.state} ${by}`;
}
