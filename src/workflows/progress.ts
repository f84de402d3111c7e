import { defineQuery, defineSignal, setHandler } from '@temporalio/workflow';

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
 * Installs the progress query and signal handlers in the calling workflow and returns a setter.
 * Call it first thing in the workflow function.
 */
export function trackProgress(initial: Progress): (next: Progress) => void {
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
