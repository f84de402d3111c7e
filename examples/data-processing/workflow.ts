import { proxyActivities } from '@temporalio/workflow';
import { setProgress } from 'conveyor/workflow';
import type * as activities from './activities';
import { DATA_PROCESSING_FANOUT } from './limits';
import { combineChunks, planChunks } from './plan';
import type { ChunkResult, DataProcessingParams, DataProcessingResult } from './schema';

const { processChunk } = proxyActivities<typeof activities>({
  // A chunk takes milliseconds; a short timeout moves a chunk off a crashed worker quickly.
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumAttempts: 5 },
});

/** Processes the data in chunks, at most {@link DATA_PROCESSING_FANOUT} activities at a time. */
export async function exampleDataProcessing(params: DataProcessingParams): Promise<DataProcessingResult> {
  const chunks = planChunks(params);
  setProgress({ percent: 0, stage: 'processing', message: `0 of ${chunks.length} chunks` });

  const results: ChunkResult[] = [];
  let nextChunk = 0;
  const lane = async (): Promise<void> => {
    for (let chunk = chunks[nextChunk++]; chunk !== undefined; chunk = chunks[nextChunk++]) {
      results[chunk.index] = await processChunk({ chunk, operation: params.operation });
      const done = results.filter(Boolean).length;
      setProgress({ percent: (done / chunks.length) * 100, stage: 'processing', message: `${done} of ${chunks.length} chunks` });
    }
  };
  await Promise.all(Array.from({ length: Math.min(DATA_PROCESSING_FANOUT, chunks.length) }, lane));

  setProgress({ percent: 100, stage: 'completed', message: `${chunks.length} chunks processed` });
  return {
    operation: params.operation,
    total_items: results.reduce((total, r) => total + r.items, 0),
    chunks_processed: results.length,
    chunk_results: results,
    final_result: combineChunks(params.operation, results),
  };
}
