import { proxyActivities } from '@temporalio/workflow';
import { setProgress } from 'conveyor/workflow';
import type * as activities from './activities';
import type { SequenceStepResult, StepSequenceParams, StepSequenceResult } from './schema';

const { sequenceStep } = proxyActivities<typeof activities>({
  // A step takes at most a minute (step_ms); a step on a worker that died moves on once its
  // heartbeats stop for 10 s.
  startToCloseTimeout: '70s',
  heartbeatTimeout: '10s',
  // No attempt limit: a step fails only while Temporal or the workers are down, and must then wait.
  retry: { initialInterval: '1s', maximumInterval: '10s' },
});

/**
 * Runs its steps one after another, each an activity: a task whose work is spread over many
 * activities in sequence, which the cluster's fault runs (bench/cluster-faults.ts) interrupt.
 */
export async function exampleStepSequence(params: StepSequenceParams): Promise<StepSequenceResult> {
  const steps: SequenceStepResult[] = [];
  for (let step = 1; step <= params.steps; step++) {
    setProgress({ percent: ((step - 1) / params.steps) * 100, stage: 'working', message: `step ${step} of ${params.steps}` });
    steps.push(await sequenceStep({ step, step_ms: params.step_ms }));
  }
  setProgress({ percent: 100, stage: 'completed', message: `${params.steps} steps` });
  return { steps, reruns: steps.reduce((total, s) => total + s.attempt - 1, 0) };
}
