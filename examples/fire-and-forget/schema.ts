import { z } from 'zod';

export const fireAndForgetInput = z
  .object({
    seconds: z.number().int().min(0).max(86_400).describe('How long the child runs after its parent has completed'),
  })
  .strict();

export type FireAndForgetParams = z.output<typeof fireAndForgetInput>;

export const fireAndForgetResult = z.object({
  child_id: z.string().describe("The child workflow's id: it runs on after this task completes, and cancelling or terminating this task leaves it alone"),
});

export type FireAndForgetResult = z.input<typeof fireAndForgetResult>;

/** What the child workflow returns when it completes. */
export interface FireAndForgetChildResult {
  seconds: number;
  /** The task that started it, which had completed long before. */
  parent_id: string | null;
}
