import { z } from 'zod';
import type { Decision, DecisionOutcome } from '../contract/decision';

/**
 * The schema of a reviewer's decision: tasks with a review step declare it as their `review`
 * (`defineTask({ review: decisionPayload, ... })`), and the API checks every decision against it
 * before the `decision` update reaches the workflow.
 */
export const decisionPayload = z
  .object({
    approved: z.boolean().describe('true approves, false rejects'),
    reviewer: z.string().trim().min(1).max(200).describe('Who decided: the signed-in caller, kept in the result'),
    on_behalf_of: z.string().trim().min(1).max(200).optional().describe('Whom the reviewer decided for, as they wrote it: kept for the record, never the decider'),
    comment: z.string().max(2000).optional().describe('Why, for the record'),
  })
  .strict() satisfies z.ZodType<Decision>;

/** Longest edited summary a reviewer may send, in characters. */
export const MAX_EDITED_SUMMARY_LENGTH = 20_000;

/**
 * A reviewer's decision that may also replace the draft's summary, approving with an edited one:
 * tasks whose review step publishes a summary declare it as their `review`.
 */
export const decisionPayloadWithSummary = decisionPayload
  .extend({
    summary: z.string().trim().min(1).max(MAX_EDITED_SUMMARY_LENGTH).optional().describe('An edited summary replacing the draft\'s; with an approval only'),
  })
  .strict()
  .refine((decision) => decision.summary === undefined || decision.approved, { path: ['summary'], message: 'an edited summary goes with an approval, not a rejection' }) satisfies z.ZodType<Decision>;

/** What happens when nobody reviews a task by its deadline, as a task's parameter declares it. */
export const onReviewTimeout = z.enum(['approve', 'reject', 'fail']);

/**
 * The schema of what a review step comes to (`awaitDecision`'s outcome): tasks that return it
 * declare it as their `result`.
 */
export const decisionOutcome = z.object({
  approved: z.boolean(),
  decided_by: z.enum(['reviewer', 'timeout']).describe('A reviewer decided, or the deadline passed without one (the task\'s timeout policy decided)'),
  reviewer: z.string().optional().describe('Set when a reviewer decided: the signed-in caller who decided'),
  on_behalf_of: z.string().optional().describe('Whom the reviewer said they decided for, when they said so'),
  comment: z.string().optional(),
  summary: z.string().optional().describe('The reviewer\'s edited summary, when they approved with one'),
}) satisfies z.ZodType<DecisionOutcome>;
