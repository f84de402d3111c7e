import { ApplicationFailure, Context } from '@temporalio/activity';
import type { ErrorHandlingParams, StepResult } from './schema';
import { FailureType } from '../failure-types';

/**
 * One step of example_error_handling. The step named by `fail_at_step` fails on every attempt
 * with a retryable, typed failure, so the activity retry policy decides how often it is tried.
 */
export async function runStep(input: { step: number } & Pick<ErrorHandlingParams, 'should_fail' | 'fail_at_step'>): Promise<StepResult> {
  const { attempt } = Context.current().info;
  if (input.should_fail && input.step === input.fail_at_step) {
    throw ApplicationFailure.retryable(`step ${input.step} failed on attempt ${attempt} (simulated)`, FailureType.SimulatedStepFailure, {
      step: input.step,
      attempt,
    });
  }
  return { step: input.step, attempt };
}
