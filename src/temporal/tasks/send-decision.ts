import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ALREADY_DECIDED, decisionUpdate, INVALID_DECISION, type Decision, type DecisionOutcome } from '../../contract/decision';
import { withinCallDeadline } from '../deadlines';
import type { ApiContext } from '../../api/context';
import { ApiError } from '../../api/http/api-error';
import type { LoadedTask } from './load-task';

/**
 * Sends a decision to a task as the `decision` update and answers the outcome the workflow
 * recorded. The workflow's own refusals become the API's: a decision already settled (another
 * reviewer won the race, or the deadline) or a task not at its review step is 409
 * `not_awaiting_review`, naming why; a payload the workflow refuses is 422 `invalid_review`.
 */
export async function sendDecision(ctx: ApiContext, loaded: LoadedTask, decision: Decision): Promise<DecisionOutcome> {
  const id = loaded.taskId;
  try {
    return await withinCallDeadline(ctx.client, () => loaded.handle.executeUpdate(decisionUpdate, { args: [decision] }));
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const refusal = error.cause instanceof ApplicationFailure ? error.cause : undefined;
      if (refusal?.type === INVALID_DECISION) throw new ApiError(422, 'invalid_review', `task "${id}" refused the decision: ${refusal.message}`);
      // ALREADY_DECIDED names what decided; the SDK's own refusal (no handler) means the review step has not begun.
      const why = refusal?.type === ALREADY_DECIDED ? refusal.message : `it has not reached its review step yet (${refusal?.message ?? error.message})`;
      throw new ApiError(409, 'not_awaiting_review', `task "${id}" is not awaiting review: ${why}`);
    }
    if (error instanceof WorkflowNotFoundError) throw new ApiError(409, 'task_finished', `task "${id}" is no longer running`);
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      throw new ApiError(503, 'no_worker', `no worker took the decision for task "${id}" in time (it may still reach the task); is a worker serving queue ${loaded.description.taskQueue}?`, undefined, {
        'retry-after': '5',
      });
    }
    throw error;
  }
}
