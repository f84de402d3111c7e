import { z } from 'zod';
import { MAX_SEQUENCE_STEPS } from './limits';

export const stepSequenceInput = z
  .object({
    steps: z.number().int().min(1).max(MAX_SEQUENCE_STEPS).default(10).describe('How many steps; each is one activity, run after the previous one'),
    step_ms: z.number().int().min(0).max(60_000).default(500).describe('How long each step works, in milliseconds'),
  })
  .strict();

export type StepSequenceParams = z.output<typeof stepSequenceInput>;

export const sequenceStepResult = z.object({
  step: z.number().int(),
  attempt: z.number().int().describe('The attempt that completed the step: above 1 when it ran again (a worker or server failure, a timeout)'),
});

export type SequenceStepResult = z.input<typeof sequenceStepResult>;

export const stepSequenceResult = z.object({
  steps: z.array(sequenceStepResult).describe('Each step once, in order'),
  reruns: z.number().int().describe('Attempts beyond the first, over all steps: how often a step ran again'),
});

export type StepSequenceResult = z.input<typeof stepSequenceResult>;
