import { z } from 'zod';
import { decisionUpdate } from '../../contract/decision';
import { MAX_EDITED_SUMMARY_LENGTH } from '../../tasks/decision-payload';
import { notBlank } from './not-blank';

/** POST /tasks/{id}/review's body. */
export const reviewRequest = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: z.string().max(2000).optional().describe('Why, for the record'),
    reviewer: notBlank(200)
      .optional()
      .describe('On whose behalf you decide: kept in the result as on_behalf_of. The recorded reviewer is always the caller (its key\'s or user\'s name)'),
    summary: notBlank(MAX_EDITED_SUMMARY_LENGTH)
      .optional()
      .describe("An edited summary replacing the draft's: approve only, and only for task types whose review takes one (422 otherwise)"),
  })
  .strict()
  .describe('ReviewRequest');

/** POST /tasks/{id}/review: the task accepted the decision (the first decision wins; a later one is 409 `not_awaiting_review`). */
export const reviewAnswer = z
  .object({
    task_id: z.string(),
    decision: z.enum(['approve', 'reject']),
    /** Who decided: the authenticated caller. */
    reviewer: z.string().describe('Who decided: the authenticated caller'),
    /** The `reviewer` the request named, when it named one: whom the caller decided for. */
    on_behalf_of: z.string().optional().describe('The body\'s reviewer, when given: whom the caller said they decided for'),
    /** The Workflow Update that carried the decision. */
    update: z.literal(decisionUpdate.name).describe('The Workflow Update that carried the decision; the task accepted it'),
  })
  .describe('ReviewAccepted');
