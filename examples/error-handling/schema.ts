import { z } from 'zod';
import { ERROR_HANDLING_STEPS } from './limits';

export const errorHandlingInput = z
  .object({
    should_fail: z.boolean().default(false).describe('Make the step at fail_at_step fail on every attempt'),
    retry_count: z.number().int().min(0).max(10).default(2).describe('Retries of the failing step before the task fails'),
    fail_at_step: z.number().int().min(1).max(ERROR_HANDLING_STEPS).default(1),
  })
  .strict();

export type ErrorHandlingParams = z.output<typeof errorHandlingInput>;

export const stepResult = z.object({
  step: z.number().int(),
  attempt: z.number().int().describe('The attempt that succeeded (1 unless the step was retried)'),
});

export type StepResult = z.input<typeof stepResult>;

export const errorHandlingResult = z.object({
  steps_completed: z.number().int(),
  steps: z.array(stepResult),
});

export type ErrorHandlingResult = z.input<typeof errorHandlingResult>;
