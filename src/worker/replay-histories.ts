import { Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { divergenceReason } from './divergence-reason';

/** A history to replay, and the run it was recorded by. */
export interface RecordedRun {
  taskId: string;
  runId: string;
  history: temporal.api.history.v1.IHistory;
}

/** A run whose history does not replay. */
export interface Divergence<Run> {
  run: Run;
  /** Why, from the SDK: for non-determinism, the first command that differs from the recorded one. */
  error: string;
}

/**
 * Replays each history against `workflowBundle` (the bundle a worker runs, with Conveyor's
 * workflow interceptors built in), one after another as the SDK's replayer does, and returns the
 * runs that diverged: a determinism violation, or any other failure to replay (a workflow type
 * the bundle no longer has, say), either of which would break that run on a worker with this code.
 */
export async function replayHistories<Run extends RecordedRun>(workflowBundle: WorkflowBundleOption, runs: readonly Run[]): Promise<Divergence<Run>[]> {
  const diverged: Divergence<Run>[] = [];
  const histories = runs.map((run) => ({ workflowId: run.taskId, history: run.history }));
  // The replayer yields one result per history, in the order given.
  let index = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle, replayName: 'conveyor-replay-check' }, histories)) {
    const run = runs[index++];
    if (run && result.error) diverged.push({ run, error: divergenceReason(result.error.message) });
  }
  return diverged;
}
