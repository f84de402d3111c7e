import type { ActivityDeps } from './deps';
import { createLongRunningWork } from './long-running-work';
import { processChunk } from './process-chunk';
import { runStep } from './run-step';

export type { ActivityDeps, WorkflowRef } from './deps';

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    longRunningWork: createLongRunningWork(deps),
    processChunk,
    runStep,
  };
}

export type Activities = ReturnType<typeof createActivities>;
