import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import { failureTypeOf, setProgress } from 'conveyor/workflow';
import { FailureType } from '../failure-types';
import type * as activities from './activities';
import { DATA_PROCESSING_FANOUT } from './limits';
import { overflowMessage } from './overflow';
import { combineChunks, planChunks } from './plan';
import type { ChunkResult, DataProcessingParams, DataProcessingResult } from './schema';

const { processChunk } = proxyActivities<typeof activities>({
  // A chunk takes milliseconds; a short timeout moves a chunk off a crashed worker quickly.
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumAttempts: 5 },
});

/**
 * Processes the data in chunks, at most {@link DATA_PROCESSING_FANOUT} activities at a time. A
 * number that leaves a double's range, in a chunk or when the chunks are combined, fails the task
 * with `NumericOverflow` (whether the sum overflows depends on the numbers and their order, so the
 * input schema cannot refuse it up front).
 */
export async function exampleDataProcessing(params: DataProcessingParams): Promise<DataProcessingResult> {
  const chunks = planChunks(params);
  setProgress({ percent: 0, stage: 'processing', message: `0 of ${chunks.length} chunks` });

  const results: ChunkResult[] = [];
  let nextChunk = 0;
  const lane = async (): Promise<void> => {
    for (let chunk = chunks[nextChunk++]; chunk !== undefined; chunk = chunks[nextChunk++]) {
      results[chunk.index] = await processChunk({ chunk, operation: params.operation }).catch(raiseOverflow);
      const done = results.filter(Boolean).length;
      setProgress({ percent: (done / chunks.length) * 100, stage: 'processing', message: `${done} of ${chunks.length} chunks` });
    }
  };
  await Promise.all(Array.from({ length: Math.min(DATA_PROCESSING_FANOUT, chunks.length) }, lane));

  const totalItems = results.reduce((total, r) => total + r.items, 0);
  const finalResult = combineChunks(params.operation, results);
  if (!Number.isFinite(finalResult)) {
    throw overflowFailure(overflowMessage(`the ${params.operation} of all ${totalItems} numbers, combined from ${chunks.length} chunks,`));
  }
  setProgress({ percent: 100, stage: 'completed', message: `${chunks.length} chunks processed` });
  return {
    operation: params.operation,
    total_items: totalItems,
    chunks_processed: results.length,
    chunk_results: results,
    final_result: finalResult,
  };
}

/** A chunk that overflowed fails the task with the same type as an overflow in combining: one type to branch on. */
function raiseOverflow(error: unknown): never {
  if (failureTypeOf(error) !== FailureType.NumericOverflow || !(error instanceof Error)) throw error;
  // An ActivityFailure, whose cause is the chunk's own failure and says what overflowed.
  throw overflowFailure(error.cause instanceof Error ? error.cause.message : error.message, error);
}

function overflowFailure(message: string, cause?: Error): ApplicationFailure {
  return ApplicationFailure.create({ type: FailureType.NumericOverflow, message, nonRetryable: true, cause });
}
