import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ErrorHandlingParams, ErrorHandlingResult, StepResult } from '../tasks/examples/error-handling.schema';
import { ERROR_HANDLING_STEPS } from '../tasks/examples/limits';
import { FailureType } from './failure-types';
import { trackProgress } from './progress';

/**
 * Runs its steps in order. A step that keeps failing is retried by the activity retry policy
 * (`retry_count` retries); once they are spent the task fails as a workflow, with a typed failure.
 */
export async function exampleErrorHandling(params: ErrorHandlingParams): Promise<ErrorHandlingResult> {
  const setProgress = trackProgress({ percent: 0, stage: `step 1 of ${ERROR_HANDLING_STEPS}` });
  const attempts = params.retry_count + 1;
  const { runStep } = proxyActivities<Activities>({
    startToCloseTimeout: '30s',
    retry: { maximumAttempts: attempts, initialInterval: '500ms', backoffCoefficient: 2 },
  });

  const steps: StepResult[] = [];
  for (let step = 1; step <= ERROR_HANDLING_STEPS; step++) {
    setProgress({ percent: ((step - 1) / ERROR_HANDLING_STEPS) * 100, stage: `step ${step} of ${ERROR_HANDLING_STEPS}` });
    try {
      steps.push(await runStep({ step, should_fail: params.should_fail, fail_at_step: params.fail_at_step }));
    } catch (error) {
      if (isSimulatedStepFailure(error)) {
        throw ApplicationFailure.create({
          type: FailureType.StepFailed,
          message: `step ${step} of ${ERROR_HANDLING_STEPS} failed after ${attempts} attempt(s)`,
          nonRetryable: true,
          cause: error,
          details: [{ step, attempts }],
        });
      }
      throw error;
    }
  }
  setProgress({ percent: 100, stage: 'completed' });
  return { steps_completed: steps.length, steps };
}

function isSimulatedStepFailure(error: unknown): error is ActivityFailure {
  return (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === FailureType.SimulatedStepFailure
  );
}
