import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { FailureType } from '../failure-types';
import { runStep } from './activities';

function environment(attempt: number) {
  return new MockActivityEnvironment({ attempt }, { logger: new DefaultLogger('ERROR') });
}

describe('runStep', () => {
  it('fails the chosen step with a retryable SimulatedStepFailure', async () => {
    const failure: unknown = await environment(3)
      .run(runStep, { step: 2, should_fail: true, fail_at_step: 2 })
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(ApplicationFailure);
    const application = failure as ApplicationFailure;
    expect(application.type).toBe(FailureType.SimulatedStepFailure);
    expect(application.nonRetryable).toBe(false);
    expect(application.details).toEqual([{ step: 2, attempt: 3 }]);
  });

  it('passes any other step, reporting its attempt', async () => {
    await expect(environment(3).run(runStep, { step: 1, should_fail: true, fail_at_step: 2 })).resolves.toEqual({ step: 1, attempt: 3 });
    await expect(environment(3).run(runStep, { step: 2, should_fail: false, fail_at_step: 2 })).resolves.toEqual({ step: 2, attempt: 3 });
  });
});
