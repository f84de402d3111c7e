/**
 * What Conveyor's flow control hands from the start of a task to its workflow (through the
 * task's memo, written once at start, so replay reads the same) and what the workflow reports
 * back while it waits. Workflow-safe: no Node built-ins, no I/O.
 */

/** Memo key: a task of a type with per-key concurrency carries its key and limit here. */
export const CONCURRENCY_MEMO = 'conveyor_concurrency';

export interface ConcurrencyMemo {
  /** The task type's key for this task (its `key`, else its fairness key). */
  key: string;
  /** How many tasks of this type with this key may run at once. */
  limit: number;
}

/**
 * Memo key: `true` on a task of a type with a rate limit. Its activities then go through their
 * queue (no eager dispatch to the worker that scheduled them), where Temporal enforces the limit.
 */
export const RATE_LIMITED_MEMO = 'conveyor_rate_limited';

/** Memo key: why a running task is not yet doing its work, while it waits (removed when it stops waiting). */
export const WAIT_REASON_MEMO = 'conveyor_wait_reason';

/**
 * Why a task waits:
 *  - `waiting_for_slot`: its type's per-key concurrency is taken; it starts when a slot frees;
 *  - `rate_limited`: its queue (or its fairness key) is at the rate limit Temporal enforces;
 *  - `debouncing`: more submits with its key may still replace its parameters.
 */
export type WaitReason = 'waiting_for_slot' | 'rate_limited' | 'debouncing';
