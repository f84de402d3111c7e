import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/** A reviewer's decision: the argument of the `decision` update (the API checks it against the task type's `review` schema). */
export interface Decision {
  approved: boolean;
  /** Who decided: the API sets the authenticated caller's name, kept in the result. */
  reviewer: string;
  /** Whom the reviewer decided for, as the reviewer wrote it: text for the record, never the decider. */
  on_behalf_of?: string;
  /** Why, for the record. */
  comment?: string;
  /**
   * An edited summary that replaces the draft's, approving with it (tasks whose review step takes
   * one declare `review: decisionPayloadWithSummary`).
   */
  summary?: string;
}

/** What settled a decision: a reviewer, or the deadline passing without one. */
export type DecidedBy = 'reviewer' | 'timeout';

/** What happens when nobody decides by the deadline: approve, reject, or fail the task (`ReviewTimedOut`). */
export type OnReviewTimeout = 'approve' | 'reject' | 'fail';

/** What waiting for a decision came to. */
export interface DecisionOutcome {
  approved: boolean;
  decided_by: DecidedBy;
  /** Set when a reviewer decided: who was signed in. */
  reviewer?: string;
  /** Whom the reviewer said they decided for, when they said so. */
  on_behalf_of?: string;
  comment?: string;
  /** The reviewer's edited summary, when they approved with one. */
  summary?: string;
}

/** The answer of the `decision` query: where a decision stands, while pending and after. */
export interface DecisionState {
  /** `timed_out`: nobody decided by the deadline and the policy was `fail`. */
  state: 'pending' | 'approved' | 'rejected' | 'timed_out';
  /** What is being decided. */
  subject: string;
  /** When waiting ends without a decision (ISO 8601, workflow time). */
  deadline: string;
  /** What happens at the deadline without a decision (absent in tasks started before the policy was shown). */
  on_timeout?: OnReviewTimeout;
  reviewer?: string;
  on_behalf_of?: string;
  comment?: string;
  /** Set once decided. */
  decided_by?: DecidedBy;
  /** The reviewer's edited summary, once approved with one. */
  summary?: string;
  /** What the reviewer is shown to decide on (the workflow's draft), when the task gives one. */
  draft?: unknown;
}

/** The failure type of a task whose review policy is `fail` and that nobody reviewed by the deadline. */
export const REVIEW_TIMED_OUT = 'ReviewTimedOut';
/** The type of the `decision` update's refusal when the decision is settled already (the first decision wins). */
export const ALREADY_DECIDED = 'AlreadyDecided';
/** The type of the `decision` update's refusal of a payload that is no decision. */
export const INVALID_DECISION = 'InvalidDecision';

/**
 * A reviewer's decision, as a Workflow Update: the workflow accepts it only while it waits for one
 * (its validator refuses a settled decision or a malformed one), and returns the outcome.
 * The API's `POST /tasks/{id}/review` sends it; tasks with a review step declare `review` in `defineTask`.
 */
export const decisionUpdate = defineUpdate<DecisionOutcome, [Decision], 'decision'>('decision');

/**
 * The decision as a signal: only tasks started before the decision became an update still take it
 * (they replay the path they started on). New tasks register no handler for it, so a buffered
 * signal decides nothing.
 * @deprecated send {@link decisionUpdate} (`POST /tasks/{id}/review`).
 */
export const decisionSignal = defineSignal<[Decision]>('decision');

/** Where the decision stands: pending until a reviewer decides or the deadline passes, then settled. */
export const decisionQuery = defineQuery<DecisionState>('decision');
