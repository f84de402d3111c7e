import { Context } from '@temporalio/activity';
import { describe, expect, it } from 'vitest';
import { localEnvironment, serveExamples } from '../../test/helpers/workflow-environment';
import type { DatasetChunkInput } from './activities';
import type { ChunkSum, LargeDatasetResult } from './schema';

/** Temporal suggests continue-as-new once a run's history has this many events (its default is thousands). */
const SUGGEST_AT_EVENTS = 30;

/**
 * process_large_dataset when Temporal, not `chunks_per_run`, ends a run: a dev server of its own
 * whose history-count threshold for suggesting continue-as-new is lowered, so a short task sees it.
 */
describe('process_large_dataset when Temporal suggests continuing as new', () => {
  const runOfChunk: string[] = [];
  const examples = serveExamples(() => localEnvironment(['--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${SUGGEST_AT_EVENTS}`]), {
    processDatasetChunk: async ({ chunk }: DatasetChunkInput): Promise<ChunkSum> => {
      runOfChunk[chunk.index] = Context.current().info.workflowExecution?.runId ?? 'none';
      return { items: chunk.to - chunk.from + 1, sum: ((chunk.from + chunk.to) * (chunk.to - chunk.from + 1)) / 2 };
    },
  });

  it('continues as new when the history grows past the suggestion, long before chunks_per_run, and still sums every item once', async () => {
    const task = await examples.start('process_large_dataset', { length: 200, chunk_size: 10, chunks_per_run: 1000 });

    const result = (await task.handle.result()) as LargeDatasetResult;
    expect(result).toMatchObject({ chunks_processed: 20, items_processed: 200, total: 20100 });
    expect(result.runs).toBeGreaterThan(1);
    const chunksPerRun = [...new Set(runOfChunk)].map((runId) => runOfChunk.filter((id) => id === runId).length);
    expect(chunksPerRun).toHaveLength(result.runs);
    expect(Math.max(...chunksPerRun)).toBeLessThan(20);
    // Each run ended near the threshold: about six events per chunk.
    expect(Math.max(...chunksPerRun)).toBeLessThanOrEqual(Math.ceil(SUGGEST_AT_EVENTS / 6) + 1);
  });
});
