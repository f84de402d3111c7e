import { TimeoutType } from '@temporalio/common';
import { ActivityFailure, ApplicationFailure, proxyActivities, TimeoutFailure } from '@temporalio/workflow';
import { setProgress } from 'conveyor/workflow';
import { FailureType } from '../failure-types';
import type * as activities from './activities';
import { SERVICE_CALL_ATTEMPTS, SERVICE_CALL_TIMEOUT_MS, SERVICE_RETRY_INITIAL_INTERVAL_MS } from './limits';
import type { AsyncOperationsParams, AsyncOperationsResult } from './schema';

const { callService } = proxyActivities<typeof activities>({
  startToCloseTimeout: SERVICE_CALL_TIMEOUT_MS,
  // Transient failures and timed-out attempts are retried here, with backoff; never in a loop below.
  retry: { maximumAttempts: SERVICE_CALL_ATTEMPTS, initialInterval: SERVICE_RETRY_INITIAL_INTERVAL_MS, backoffCoefficient: 2 },
});
const { fallbackService } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s' });

/**
 * Calls a service that may fail, and handles each failure by its type: a call whose attempts all
 * timed out is answered by a fallback; a refused request fails the task at once with a typed,
 * non-retryable failure; anything else fails the task as it is.
 */
export async function asyncOperations(params: AsyncOperationsParams): Promise<AsyncOperationsResult> {
  setProgress({ percent: 0, stage: 'calling the service', message: `mode ${params.mode}` });
  try {
    const answer = await callService(params);
    setProgress({ percent: 100, stage: 'completed', message: `the service answered on attempt ${answer.attempt}` });
    return { n: params.n, mode: params.mode, ...answer, source: 'service' };
  } catch (error) {
    if (timedOut(error)) {
      setProgress({ percent: 50, stage: 'fallback', message: `the service timed out ${SERVICE_CALL_ATTEMPTS} time(s)` });
      const answer = await fallbackService(params.n);
      setProgress({ percent: 100, stage: 'completed', message: 'answered by the fallback' });
      return { n: params.n, mode: params.mode, ...answer, source: 'fallback' };
    }
    if (refused(error)) {
      throw ApplicationFailure.create({ type: FailureType.InvalidServiceRequest, message: `the service refused n=${params.n}`, nonRetryable: true, cause: error });
    }
    throw error;
  }
}

/** The service call's last attempt ran past its start-to-close timeout. */
function timedOut(error: unknown): error is ActivityFailure {
  return error instanceof ActivityFailure && error.cause instanceof TimeoutFailure && error.cause.timeoutType === TimeoutType.START_TO_CLOSE;
}

/** The service refused the request: a permanent failure, of the type the activity raised. */
function refused(error: unknown): error is ActivityFailure {
  return error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === FailureType.InvalidServiceRequest;
}
