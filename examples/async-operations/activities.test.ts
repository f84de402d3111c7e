import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { FailureType } from '../failure-types';
import { callService, fallbackService } from './activities';
import { SERVICE_CALL_ATTEMPTS } from './limits';
import type { AsyncOperationsParams } from './schema';

function environment(attempt = 1) {
  return new MockActivityEnvironment({ attempt }, { logger: new DefaultLogger('ERROR') });
}

/** callService on the given attempt. */
function call(params: AsyncOperationsParams, attempt = 1) {
  return environment(attempt).run(callService, params);
}

describe('callService', () => {
  it('ok: doubles n, reporting its attempt', async () => {
    await expect(call({ n: 21, mode: 'ok' }, 2)).resolves.toEqual({ value: 42, attempt: 2 });
  });

  it('invalid: a non-retryable InvalidServiceRequest on any attempt', async () => {
    const failure: unknown = await call({ n: 3, mode: 'invalid' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FailureType.InvalidServiceRequest, nonRetryable: true });
  });

  it('flaky: a plain (retryable) error on every attempt before the last, an answer on the last', async () => {
    for (let attempt = 1; attempt < SERVICE_CALL_ATTEMPTS; attempt++) {
      const failure: unknown = await call({ n: 5, mode: 'flaky' }, attempt).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(ApplicationFailure);
    }
    await expect(call({ n: 5, mode: 'flaky' }, SERVICE_CALL_ATTEMPTS)).resolves.toEqual({ value: 10, attempt: SERVICE_CALL_ATTEMPTS });
  });

  it('timeout: still working when its attempt is called off', async () => {
    const env = environment();
    const params: AsyncOperationsParams = { n: 1, mode: 'timeout' };
    const running = env.run(callService, params);
    env.cancel('TIMED_OUT');
    await expect(running).rejects.toBeInstanceOf(CancelledFailure);
  });
});

describe('fallbackService', () => {
  it('answers what the service would', async () => {
    await expect(environment().run(fallbackService, 21)).resolves.toEqual({ value: 42, attempt: 1 });
  });
});
