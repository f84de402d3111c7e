import { z } from 'zod';
import { decisionOutcome } from 'conveyor';

/** Seven days: the longest a task may wait for a reviewer (the task's execution timeout leaves room above it). */
const MAX_TIMEOUT_SECONDS = 7 * 24 * 60 * 60;

export const approvalInput = z
  .object({
    subject: z.string().min(1).max(500).describe('What is being approved, as the decision query shows it to reviewers'),
    timeout: z
      .number()
      .int()
      .min(1)
      .max(MAX_TIMEOUT_SECONDS)
      .default(3600)
      .describe('How long to wait for a decision, in seconds'),
    on_timeout: z.enum(['approve', 'reject']).default('reject').describe('The outcome when nobody decides in time'),
  })
  .strict();

export type ApprovalParams = z.output<typeof approvalInput>;

/** What the approval came to: a reviewer's decision, or `on_timeout` at the deadline. */
export const approvalResult = decisionOutcome;

export type ApprovalResult = z.input<typeof approvalResult>;
