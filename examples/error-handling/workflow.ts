import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import { failureTypeOf, setProgress } from 'conveyor/workflow';
import { FailureType } from '../failure-types';
import type * as activities from './activities';
import { ERROR_HANDLING_STEPS } from './limits';
import type { ErrorHandlingParams, ErrorHandlingResult, StepResult } from './schema';

/**
 * Runs its steps in order. A step that keeps failing is retried by the activity retry policy
 * (`retry_count` retries); once they are spent the task fails as a workflow, with a typed failure.
 */
export async function exampleErrorHandling(params: ErrorHandlingParams): Promise<ErrorHandlingResult> {
  setProgress({ percent: 0, stage: `step 1 of ${ERROR_HANDLING_STEPS}` });
  const attempts = params.retry_count + 1;
  const { runStep } = proxyActivities<typeof activities>({
    startToCloseTimeout: '30s',
    retry: { maximumAttempts: attempts, initialInterval: '500ms', backoffCoefficient: 2 },
  });

  const steps: StepResult[] = [];
  for (let step = 1; step <= ERROR_HANDLING_STEPS; step++) {
    setProgress({ percent: ((step - 1) / ERROR_HANDLING_STEPS) * 100, stage: `step ${step} of ${ERROR_HANDLING_STEPS}` });
    try {
      steps.push(await runStep({ step, should_fail: params.should_fail, fail_at_step: params.fail_at_step }));
    } catch (error) {
      if (failureTypeOf(error) === FailureType.SimulatedStepFailure) {
        throw ApplicationFailure.create({
          type: FailureType.StepFailed,
          message: `step ${step} of ${ERROR_HANDLING_STEPS} failed after ${attempts} attempt(s)`,
          nonRetryable: true,
          cause: error as Error,
          details: [{ step, attempts }],
        });
      }
      throw error;
    }
  }

  setProgress({ percent: 100, stage: 'completed' });
  return { steps_completed: steps.length, steps };
}
