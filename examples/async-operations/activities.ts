import { ApplicationFailure, Context } from '@temporalio/activity';
import { FailureType } from '../failure-types';
import { SERVICE_CALL_ATTEMPTS, SLOW_SERVICE_MS } from './limits';
import type { AsyncOperationsParams, ServiceAnswer } from './schema';

/**
 * A simulated remote service that doubles `n`, behaving as `mode` says. Whether a `flaky` call
 * fails is decided by the attempt Temporal reports, not by state in this process, so it holds
 * whichever worker runs each attempt.
 */
export async function callService({ n, mode }: AsyncOperationsParams): Promise<ServiceAnswer> {
  const { attempt } = Context.current().info;
  switch (mode) {
    case 'ok':
      break;
    case 'invalid':
      throw ApplicationFailure.create({ type: FailureType.InvalidServiceRequest, message: `the service refuses n=${n} (simulated)`, nonRetryable: true });
    case 'flaky':
      // A plain error is transient: the activity retry policy tries again, with backoff.
      if (attempt < SERVICE_CALL_ATTEMPTS) throw new Error(`the service is unavailable on attempt ${attempt} (simulated)`);
      break;
    case 'timeout':
      await Context.current().sleep(SLOW_SERVICE_MS); // cancellable, should the worker learn the attempt is over
      break;
  }
  return { value: n * 2, attempt };
}

/** The fallback when the service times out: the same answer, computed without the service. */
export async function fallbackService(n: number): Promise<ServiceAnswer> {
  return { value: n * 2, attempt: Context.current().info.attempt };
}
