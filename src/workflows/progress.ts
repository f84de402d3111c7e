import { defineQuery, defineSignal, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { STARTED_ATTRIBUTE } from '../temporal/search-attributes';

/** How far a running task has come. `stage` may be finer than the task's status (e.g. `awaiting_review`). */
export interface Progress {
  /** 0 to 100. */
  percent: number;
  stage: string;
  message?: string;
}

/** Every Conveyor workflow answers this query with its latest progress. */
export const progressQuery = defineQuery<Progress>('progress');

/** Activities report progress of long work to their workflow through this signal. */
export const progressSignal = defineSignal<[Progress]>('conveyor.progress');

/**
 * Marks the task as started (a worker has it: it is no longer `queued`), installs the progress
 * query and signal handlers, and returns a progress setter. Call it first in every workflow.
 */
export function trackProgress(initial: Progress): (next: Progress) => void {
  upsertSearchAttributes([{ key: STARTED_ATTRIBUTE, value: true }]);
  let current = initial;
  const set = (next: Progress): void => {
    current = { ...next, percent: clampPercent(next.percent) };
  };
  setHandler(progressQuery, () => current);
  setHandler(progressSignal, set);
  return set;
}

function clampPercent(percent: number): number {
  return Math.min(100, Math.max(0, Math.round(percent * 10) / 10));
}
