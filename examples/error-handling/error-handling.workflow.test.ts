import { Context } from '@temporalio/activity';
import { ActivityFailure, ApplicationFailure, CancelledFailure } from '@temporalio/client';
import { progressQuery } from 'conveyor/workflow';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StartedTask } from '../../src/temporal/tasks/start-task';
import { failureOf, serveExamples, timeSkippingEnvironment } from '../../test/helpers/workflow-environment';
import { FailureType } from '../failure-types';
import type { runStep } from './activities';
import type { ErrorHandlingParams, ErrorHandlingResult } from './schema';

type StepInput = Parameters<typeof runStep>[0];

/** example_error_handling's paths with a mocked `runStep`, on the time-skipping server (retry backoffs pass at once). */
describe('example_error_handling workflow', () => {
  /** Every call of the mocked activity, with its attempt. */
  let calls: (StepInput & { attempt: number })[];
  /** What the mocked activity does in the current test. */
  let step: (input: StepInput) => Promise<unknown>;

  const examples = serveExamples(timeSkippingEnvironment, {
    runStep: async (input: StepInput) => {
      calls.push({ ...input, attempt: Context.current().info.attempt });
      return step(input);
    },
  });
  beforeEach(() => {
    calls = [];
    step = async (input) => ({ step: input.step, attempt: Context.current().info.attempt });
  });

  const start = (params: Partial<ErrorHandlingParams>): Promise<StartedTask> => examples.start('example_error_handling', params);

  it('runs its three steps in order and completes', async () => {
    const task = await start({});

    expect(await task.handle.result()).toEqual({
      steps_completed: 3,
      steps: [1, 2, 3].map((n) => ({ step: n, attempt: 1 })),
    } satisfies ErrorHandlingResult);
    expect(calls.map((call) => call.step)).toEqual([1, 2, 3]);
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 100, stage: 'completed' });
  });

  it('reports the step it is on while the step runs', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atStepTwo = new Promise<void>((resolve) => (reached = resolve));
    step = async (input) => {
      if (input.step === 2) {
        reached();
        await released;
      }
      return { step: input.step, attempt: 1 };
    };
    const task = await start({});
    await atStepTwo;

    expect(await task.handle.query(progressQuery)).toEqual({ percent: 33.3, stage: 'step 2 of 3' });
    release();
    await task.handle.result();
  });

  it('a SimulatedStepFailure is retried retry_count times, then the task fails with a non-retryable StepFailed', async () => {
    step = async (input) => {
      if (input.step === 2) throw ApplicationFailure.retryable('simulated', FailureType.SimulatedStepFailure);
      return { step: input.step, attempt: 1 };
    };
    const task = await start({ should_fail: true, fail_at_step: 2, retry_count: 2 });

    const failure = await failureOf(task);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: FailureType.StepFailed,
      nonRetryable: true,
      message: 'step 2 of 3 failed after 3 attempt(s)',
      details: [{ step: 2, attempts: 3 }],
    });
    // The cause chain keeps what happened: the activity's last attempt and its typed failure.
    expect(failure.cause).toBeInstanceOf(ActivityFailure);
    expect(failure.cause?.cause).toMatchObject({ type: FailureType.SimulatedStepFailure });
    expect(calls.map((call) => [call.step, call.attempt])).toEqual([[1, 1], [2, 1], [2, 2], [2, 3]]);
    expect(calls[1]).toMatchObject({ should_fail: true, fail_at_step: 2 });
  });

  it('a transient failure the retry policy recovers from does not fail the task', async () => {
    step = async (input) => {
      const { attempt } = Context.current().info;
      if (input.step === 1 && attempt === 1) throw new Error('flaky dependency');
      return { step: input.step, attempt };
    };
    const task = await start({});

    const result = (await task.handle.result()) as ErrorHandlingResult;
    expect(result.steps[0]).toEqual({ step: 1, attempt: 2 });
  });

  it('another failure type passes through as it is, not as StepFailed', async () => {
    step = async () => {
      throw ApplicationFailure.nonRetryable('the disk is full', 'DiskFull');
    };
    const task = await start({ retry_count: 5 });

    const failure = await failureOf(task);
    expect(failure).toBeInstanceOf(ActivityFailure);
    expect(failure.cause).toMatchObject({ type: 'DiskFull', message: 'the disk is full' });
    expect(calls).toHaveLength(1);
  });

  it('a cancelled task ends cancelled, not as StepFailed', async () => {
    let reached!: () => void;
    const atStepOne = new Promise<void>((resolve) => (reached = resolve));
    step = async () => {
      reached();
      await Context.current().cancelled; // rejects once the cancellation reaches the activity
      throw new Error('unreachable');
    };
    const task = await start({});
    await atStepOne;
    await task.handle.cancel();

    expect(await failureOf(task)).toBeInstanceOf(CancelledFailure);
    expect((await task.handle.describe()).status.name).toBe('CANCELLED');
  });
});
