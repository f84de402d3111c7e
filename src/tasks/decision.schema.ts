import { z } from 'zod';

/**
 * A reviewer's decision: the payload of the `decision` signal that tasks with a human review step
 * declare. The API checks it against this schema before the signal reaches the workflow.
 */
export const decisionPayload = z
  .object({
    approved: z.boolean().describe('true approves, false rejects'),
    reviewer: z.string().trim().min(1).max(200).describe('Who decided: a name or an id, kept in the result'),
    comment: z.string().max(2000).optional().describe('Why, for the record'),
  })
  .strict();

export type Decision = z.output<typeof decisionPayload>;

/** What settled a decision: a reviewer's signal, or the deadline passing without one. */
export type DecidedBy = 'reviewer' | 'timeout';

/** What waiting for a decision came to. */
export interface DecisionOutcome {
  approved: boolean;
  decided_by: DecidedBy;
  /** Set when a reviewer decided. */
  reviewer?: string;
  comment?: string;
}

/** The answer of the `decision` query: where a decision stands, while pending and after. */
export interface DecisionState {
  state: 'pending' | 'approved' | 'rejected';
  /** What is being decided. */
  subject: string;
  /** When waiting ends without a decision (ISO 8601, workflow time). */
  deadline: string;
  reviewer?: string;
  comment?: string;
  /** Set once decided. */
  decided_by?: DecidedBy;
}
