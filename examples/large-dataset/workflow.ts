import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import { setProgress, type Progress } from 'conveyor/workflow';
import type * as activities from './activities';
import { chunkAt, chunkCount, chunkStage } from './plan';
import type { DatasetCursor, LargeDatasetParams, LargeDatasetResult } from './schema';

const { processDatasetChunk } = proxyActivities<typeof activities>({
  startToCloseTimeout: '5 minutes',
  // A worker that dies mid-chunk is noticed within this long; the retry resumes from its checkpoint.
  heartbeatTimeout: '20s',
  retry: { initialInterval: '1s', maximumInterval: '30s', maximumAttempts: 10 },
});

const FIRST_RUN: DatasetCursor = { run: 1, next_chunk: 0, items_processed: 0, total: 0 };

/**
 * Sums the integers 1..length chunk by chunk, one heartbeating activity per chunk. A run continues
 * as new after `chunks_per_run` chunks, or sooner when Temporal suggests it (the history grew
 * large), handing on only its cursor and running totals; the task id stays, and Conveyor reports
 * the chain as one task. The submitted parameters travel unchanged as the first argument of every run.
 */
export async function processLargeDataset(params: LargeDatasetParams, cursor: DatasetCursor = FIRST_RUN): Promise<LargeDatasetResult> {
  const chunks = chunkCount(params);
  let state = cursor;
  let chunksThisRun = 0;
  setProgress(progressAt(state, chunks, params.length));

  while (state.next_chunk < chunks) {
    if (chunksThisRun >= params.chunks_per_run || workflowInfo().continueAsNewSuggested) {
      const next: DatasetCursor = { ...state, run: state.run + 1 };
      setProgress({ ...progressAt(state, chunks, params.length), message: `continuing as new: run ${next.run} takes over` });
      return continueAsNew<typeof processLargeDataset>(params, next);
    }
    const chunk = chunkAt(params, state.next_chunk);
    setProgress(progressAt(state, chunks, params.length));
    const done = await processDatasetChunk({ chunk, chunks, run: state.run, length: params.length });
    state = { ...state, next_chunk: state.next_chunk + 1, items_processed: state.items_processed + done.items, total: state.total + done.sum };
    chunksThisRun++;
  }

  setProgress({ percent: 100, stage: 'completed', message: `${chunks} chunks in ${state.run} run(s)` });
  return {
    length: params.length,
    chunk_size: params.chunk_size,
    chunks_processed: state.next_chunk,
    items_processed: state.items_processed,
    total: state.total,
    runs: state.run,
  };
}

/** Where the chain is: the chunk under way (counted across runs), the run, the items and the total so far. */
function progressAt(state: DatasetCursor, chunks: number, length: number): Progress {
  return {
    percent: (state.items_processed / length) * 100,
    stage: chunkStage(Math.min(state.next_chunk, chunks - 1), chunks, state.run),
    message: `${state.items_processed} of ${length} items, total so far ${state.total}`,
  };
}
