import { z } from 'zod';

export const SERVICE_MODES = ['ok', 'invalid', 'flaky', 'timeout'] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];

export const asyncOperationsInput = z
  .object({
    n: z.number().int().min(0).max(1_000_000_000).describe('The number the service doubles'),
    mode: z
      .enum(SERVICE_MODES)
      .default('ok')
      .describe(
        'How the simulated service behaves: ok answers; invalid refuses the request (non-retryable, one attempt); ' +
          'flaky fails transiently twice and answers on the third attempt; timeout exceeds its start-to-close timeout, so a fallback answers',
      ),
  })
  .strict();

export type AsyncOperationsParams = z.output<typeof asyncOperationsInput>;

/** What the service (or its fallback) answers. */
export interface ServiceAnswer {
  value: number;
  /** The activity attempt that answered. */
  attempt: number;
}

export const asyncOperationsResult = z.object({
  n: z.number().int(),
  mode: z.enum(SERVICE_MODES),
  value: z.number().int().describe('n doubled'),
  source: z.enum(['service', 'fallback']).describe('fallback when every attempt of the service call timed out'),
  attempt: z.number().int().describe('The attempt of the activity that answered (3 for flaky: two transient failures, then success)'),
});

export type AsyncOperationsResult = z.input<typeof asyncOperationsResult>;
