import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { progressQuery } from 'conveyor/workflow';
import { describe, expect, it } from 'vitest';
import { serveExamples, timeSkippingEnvironment } from '../../test/helpers/workflow-environment';
import type { StepSequenceResult } from './schema';

/**
 * example_step_sequence with a mocked `sequenceStep`, on the time-skipping test server: the retry
 * backoff of a step that failed passes at once.
 */
describe('example_step_sequence workflow', () => {
  const calls: { step: number; attempt: number }[] = [];
  let failFirstAttemptOf = 0;
  const examples = serveExamples(timeSkippingEnvironment, {
    sequenceStep: async (input: { step: number; step_ms: number }) => {
      const { attempt } = Context.current().info;
      calls.push({ step: input.step, attempt });
      if (input.step === failFirstAttemptOf && attempt === 1) throw ApplicationFailure.retryable('the worker went away (simulated)');
      return { step: input.step, attempt };
    },
  });

  it('runs its steps one after another, each once, and reports them in order', async () => {
    calls.length = 0;
    failFirstAttemptOf = 0;
    const task = await examples.start('example_step_sequence', { steps: 4, step_ms: 0 });
    const result = (await task.handle.result()) as StepSequenceResult;
    expect(result).toEqual({ steps: [1, 2, 3, 4].map((step) => ({ step, attempt: 1 })), reruns: 0 });
    expect(calls.map((call) => call.step)).toEqual([1, 2, 3, 4]);
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 100, stage: 'completed', message: '4 steps' });
  });

  it('a step that fails is run again by the retry policy, and the result counts the rerun', async () => {
    calls.length = 0;
    failFirstAttemptOf = 2;
    const task = await examples.start('example_step_sequence', { steps: 3, step_ms: 0 });
    const result = (await task.handle.result()) as StepSequenceResult;
    expect(result).toEqual({ steps: [{ step: 1, attempt: 1 }, { step: 2, attempt: 2 }, { step: 3, attempt: 1 }], reruns: 1 });
    expect(calls).toEqual([{ step: 1, attempt: 1 }, { step: 2, attempt: 1 }, { step: 2, attempt: 2 }, { step: 3, attempt: 1 }]);
  });
});
