import { defineQuery, defineSignal } from '@temporalio/workflow';

/** A reviewer's decision: the payload of the `decision` signal (the API checks it against `decisionPayload`). */
export interface Decision {
  approved: boolean;
  /** Who decided: a name or an id, kept in the result. */
  reviewer: string;
  /** Why, for the record. */
  comment?: string;
  /**
   * An edited summary that replaces the draft's, approving with it (tasks whose review step takes
   * one declare the signal with `decisionPayloadWithSummary`).
   */
  summary?: string;
}

/** What settled a decision: a reviewer's signal, or the deadline passing without one. */
export type DecidedBy = 'reviewer' | 'timeout';

/** What waiting for a decision came to. */
export interface DecisionOutcome {
  approved: boolean;
  decided_by: DecidedBy;
  /** Set when a reviewer decided. */
  reviewer?: string;
  comment?: string;
  /** The reviewer's edited summary, when they approved with one. */
  summary?: string;
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
  /** The reviewer's edited summary, once approved with one. */
  summary?: string;
  /** What the reviewer is shown to decide on (the workflow's draft), when the task gives one. */
  draft?: unknown;
}

/** A reviewer's decision. Tasks with a review step declare it with `decisionPayload` as its schema. */
export const decisionSignal = defineSignal<[Decision]>('decision');

/** Where the decision stands: pending until a reviewer decides or the deadline passes, then settled. */
export const decisionQuery = defineQuery<DecisionState>('decision');
