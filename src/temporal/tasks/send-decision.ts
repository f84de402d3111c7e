import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { ALREADY_DECIDED, decisionUpdate, INVALID_DECISION, type Decision, type DecisionOutcome } from '../../contract/decision';
import { withinCallDeadline } from '../deadlines';
import { DecisionRefused, NoWorker, NotAwaitingReview, TaskFinished } from '../store-errors';
import type { LoadedTask } from './load-task';

/**
 * Sends a decision to a task as the `decision` update and answers the outcome the workflow
 * recorded. The workflow's own refusals become named errors: a decision already settled (another
 * reviewer won the race, or the deadline) or a task not at its review step is
 * {@link NotAwaitingReview}, naming why; a payload the workflow refuses is {@link DecisionRefused}.
 */
export async function sendDecision(client: Client, loaded: LoadedTask, decision: Decision): Promise<DecisionOutcome> {
  const id = loaded.taskId;
  try {
    return await withinCallDeadline(client, () => loaded.handle.executeUpdate(decisionUpdate, { args: [decision] }));
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const refusal = error.cause instanceof ApplicationFailure ? error.cause : undefined;
      if (refusal?.type === INVALID_DECISION) throw new DecisionRefused(id, refusal.message);
      // ALREADY_DECIDED names what decided; the SDK's own refusal (no handler) means the review step has not begun.
      const why = refusal?.type === ALREADY_DECIDED ? refusal.message : `it has not reached its review step yet (${refusal?.message ?? error.message})`;
      throw new NotAwaitingReview(id, why);
    }
    if (error instanceof WorkflowNotFoundError) throw new TaskFinished(id);
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      const queue = loaded.description.taskQueue;
      throw new NoWorker(id, queue, `no worker took the decision for task "${id}" in time (it may still reach the task); is a worker serving queue ${queue}?`);
    }
    throw error;
  }
}
