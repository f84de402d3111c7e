import { z } from 'zod';

/** Seven days: the longest example work a task may ask for. */
const MAX_DURATION_SECONDS = 7 * 24 * 60 * 60;

export const longRunningInput = z
  .object({
    duration: z
      .number()
      .min(0)
      .max(MAX_DURATION_SECONDS)
      .default(60)
      .describe('How long the work runs, in seconds'),
    message: z.string().max(10_000).default('Processing...').describe('Echoed back in the result'),
  })
  .strict();

export type LongRunningParams = z.output<typeof longRunningInput>;

export const longRunningResult = z.object({
  message: z.string().describe('The message, echoed back'),
  requested_duration: z.number().describe('Seconds asked for'),
  actual_duration: z.number().describe('Seconds the work took, as the workflow saw it (retries included)'),
});

export type LongRunningResult = z.input<typeof longRunningResult>;
