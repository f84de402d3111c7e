import { defineQuery } from '@temporalio/workflow';
import type { OnReviewTimeout } from './decision';

/** How far a running task has come. `stage` may be finer than the task's status (e.g. `awaiting_review`). */
export interface Progress {
  /** 0 to 100. */
  percent: number;
  stage: string;
  message?: string;
  /**
   * While a task waits for a decision (stage `awaiting_review`): what the reviewer decides on, as
   * `awaitDecision` was given it, so every view of the task's progress shows it.
   */
  draft?: unknown;
  /** While a task waits for a decision: when waiting ends without one (ISO 8601). */
  deadline?: string;
  /** While a task waits for a decision: what happens if nobody decides by the deadline. */
  on_timeout?: OnReviewTimeout;
}

/** Every task answers this query with its workflow's latest progress (Conveyor's interceptor installs the handler). */
export const progressQuery = defineQuery<Progress>('progress');

/** What a task reports until its workflow says more. */
export const INITIAL_PROGRESS: Progress = { percent: 0, stage: 'running' };

// Module state is per workflow execution: the SDK gives each execution its own module cache,
// also when executions share a V8 context (@temporalio/worker's InjectWorkflowModuleCacheGlobalPlugin).
let current: Progress = INITIAL_PROGRESS;

/**
 * Sets the workflow's progress, which the `progress` query (and so the API, the CLI and the
 * event streams) reports. It is workflow state, not an event: calling it costs no history.
 */
export function setProgress(next: Progress): void {
  current = { ...next, percent: clampPercent(next.percent) };
}

/** The workflow's progress as last set. */
export function currentProgress(): Progress {
  return current;
}

/** A percent as tasks report it: within 0..100, one decimal. */
export function clampPercent(percent: number): number {
  if (!Number.isFinite(percent)) return 0;
  return Math.min(100, Math.max(0, Math.round(percent * 10) / 10));
}
