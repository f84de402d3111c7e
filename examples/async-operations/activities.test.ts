import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { FailureType } from '../failure-types';
import { callService, fallbackService } from './activities';
import { SERVICE_CALL_ATTEMPTS } from './limits';

function environment(attempt = 1) {
  return new MockActivityEnvironment({ attempt }, { logger: new DefaultLogger('ERROR') });
}

describe('callService', () => {
  it('ok: doubles n, reporting its attempt', async () => {
    await expect(environment(2).run(callService, { n: 21, mode: 'ok' })).resolves.toEqual({ value: 42, attempt: 2 });
  });

  it('invalid: a non-retryable InvalidServiceRequest on any attempt', async () => {
    const failure: unknown = await environment().run(callService, { n: 3, mode: 'invalid' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FailureType.InvalidServiceRequest, nonRetryable: true });
  });

  it('flaky: a plain (retryable) error on every attempt before the last, an answer on the last', async () => {
    for (let attempt = 1; attempt < SERVICE_CALL_ATTEMPTS; attempt++) {
      const failure: unknown = await environment(attempt).run(callService, { n: 5, mode: 'flaky' }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(ApplicationFailure);
    }
    await expect(environment(SERVICE_CALL_ATTEMPTS).run(callService, { n: 5, mode: 'flaky' })).resolves.toEqual({ value: 10, attempt: SERVICE_CALL_ATTEMPTS });
  });

  it('timeout: still working when its attempt is called off', async () => {
    const env = environment();
    const running = env.run(callService, { n: 1, mode: 'timeout' });
    env.cancel('TIMED_OUT');
    await expect(running).rejects.toBeInstanceOf(CancelledFailure);
  });
});

describe('fallbackService', () => {
  it('answers what the service would', async () => {
    await expect(environment().run(fallbackService, 21)).resolves.toEqual({ value: 42, attempt: 1 });
  });
});
