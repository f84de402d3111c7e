import { z } from 'zod';
import { MAX_VALUE, MAX_VALUES } from './limits';

export const orchestrationInput = z
  .object({
    values: z
      .array(z.number().int().min(0).max(MAX_VALUE))
      .min(1)
      .max(MAX_VALUES)
      .describe('One child adds one to the first value, one child per remaining value doubles it (in parallel), a last child sums them all'),
  })
  .strict();

export type OrchestrationParams = z.output<typeof orchestrationInput>;

export const orchestrationResult = z.object({
  added_one: z.number().int().describe('The first value plus one'),
  doubled: z.array(z.number().int()).describe('Each remaining value times two, in input order'),
  sum: z.number().int().describe('added_one plus every doubled value'),
});

export type OrchestrationResult = z.input<typeof orchestrationResult>;
