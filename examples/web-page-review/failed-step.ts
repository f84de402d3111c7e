import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { failureTypeOf } from 'conveyor/workflow';

/**
 * Fails the task with the failure type and message of the step that failed after its retries
 * (the provider's `LlmRateLimited`, `LlmAuthFailed`, ... or the fetcher's), rather than
 * Temporal's generic "Activity task failed": `GET /tasks/{id}` then names what went wrong. A
 * cancellation goes on as it is.
 */
export function failedStep(step: string, error: unknown): never {
  const type = failureTypeOf(error);
  if (!(error instanceof ActivityFailure) || type === undefined || type === 'CancelledFailure') throw error;
  throw ApplicationFailure.create({ type, message: `${step}: ${innermostMessage(error)}`, nonRetryable: true, cause: error });
}

/** The message of the failure at the bottom of the chain: the one the activity raised. */
function innermostMessage(error: Error): string {
  let current: Error = error;
  while (current.cause instanceof Error) current = current.cause;
  return current.message;
}
