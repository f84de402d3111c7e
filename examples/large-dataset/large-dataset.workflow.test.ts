import { Context } from '@temporalio/activity';
import { defaultPayloadConverter } from '@temporalio/common';
import { progressQuery } from 'conveyor/workflow';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StartedTask } from '../../src/temporal/tasks/start-task';
import { deferred } from '../../test/helpers/deferred';
import { serveExamples, timeSkippingEnvironment } from '../../test/helpers/workflow-environment';
import type { DatasetChunkInput } from './activities';
import type { ChunkSum, DatasetCursor, LargeDatasetParams, LargeDatasetResult } from './schema';

/** What the mocked activity saw of one call: the chunk, and the run of the chain that asked. */
interface Call {
  index: number;
  from: number;
  to: number;
  run: number;
  runId: string;
}

const sumOf = (from: number, to: number) => ((from + to) * (to - from + 1)) / 2;

/**
 * process_large_dataset with a mocked `processDatasetChunk`, on the time-skipping server: chunks,
 * continue-as-new boundaries and the state one run hands the next.
 */
describe('process_large_dataset workflow', () => {
  let calls: Call[];
  let chunkWork: (input: DatasetChunkInput) => Promise<void>;

  const examples = serveExamples(timeSkippingEnvironment, {
    processDatasetChunk: async (input: DatasetChunkInput): Promise<ChunkSum> => {
      const { chunk, run } = input;
      calls.push({ index: chunk.index, from: chunk.from, to: chunk.to, run, runId: Context.current().info.workflowExecution?.runId ?? 'none' });
      await chunkWork(input);
      return { items: chunk.to - chunk.from + 1, sum: sumOf(chunk.from, chunk.to) };
    },
  });
  beforeEach(() => {
    calls = [];
    chunkWork = async () => undefined;
  });

  const start = (params: Partial<LargeDatasetParams>): Promise<StartedTask> => examples.start('process_large_dataset', params);
  /** The runs of the chain, in order, as the chunk calls saw them. */
  const runIds = () => [...new Set(calls.map((call) => call.runId))];
  const runInputs = async (task: StartedTask) => {
    const events = (await task.handle.fetchHistory()).events ?? [];
    const payloads = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    return payloads.map((payload) => defaultPayloadConverter.fromPayload(payload));
  };

  it('sums 1..450 to 101475 across runs, continuing as new every chunks_per_run chunks', async () => {
    const task = await start({ length: 450, chunk_size: 50, chunks_per_run: 4 });

    expect(await task.handle.result()).toEqual({
      length: 450,
      chunk_size: 50,
      chunks_processed: 9,
      items_processed: 450,
      total: 101475,
      runs: 3,
    } satisfies LargeDatasetResult);
    expect(calls.map(({ index, from, to }) => [index, from, to])).toEqual(
      Array.from({ length: 9 }, (_, i) => [i, i * 50 + 1, i * 50 + 50]),
    );
    expect(calls.map((call) => call.run)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3]);
    const runs = runIds();
    expect(runs).toHaveLength(3);
    expect(runs[0]).toBe(task.runId);
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 100, stage: 'completed', message: '9 chunks in 3 run(s)' });
  });

  it('hands the next run only the submitted parameters and a cursor with running totals', async () => {
    const task = await start({ length: 450, chunk_size: 50, chunks_per_run: 4 });
    await task.handle.result();

    // The last run's input: the parameters as submitted, and where the previous run stopped.
    expect(await runInputs(task)).toEqual([
      { length: 450, chunk_size: 50, chunks_per_run: 4 },
      { run: 3, next_chunk: 8, items_processed: 400, total: sumOf(1, 400) } satisfies DatasetCursor,
    ]);
    const first = await examples.env().client.workflow.getHandle(task.taskId, task.runId).fetchHistory();
    const ended = first.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes;
    expect(ended?.newExecutionRunId).toBe(runIds()[1]);
    expect(ended?.input?.payloads?.map((payload) => defaultPayloadConverter.fromPayload(payload))).toEqual([
      { length: 450, chunk_size: 50, chunks_per_run: 4 },
      { run: 2, next_chunk: 4, items_processed: 200, total: sumOf(1, 200) },
    ]);
  });

  it('reports its chunk and run while a chunk of a later run is processed', async () => {
    const reached = deferred();
    const release = deferred();
    chunkWork = async ({ chunk }) => {
      if (chunk.index !== 5) return;
      reached.resolve();
      await release.promise;
    };
    const task = await start({ length: 450, chunk_size: 50, chunks_per_run: 4 });
    await reached.promise;

    expect(await task.handle.query(progressQuery)).toEqual({ percent: 55.6, stage: 'chunk 6 of 9, run 2', message: '250 of 450 items, total so far 31375' });
    release.resolve();
    expect((await task.handle.result()) as LargeDatasetResult).toMatchObject({ total: 101475, runs: 3 });
  });

  it('runs exactly chunks_per_run chunks in one run, without continuing as new', async () => {
    const task = await start({ length: 40, chunk_size: 10, chunks_per_run: 4 });

    expect(await task.handle.result()).toMatchObject({ chunks_processed: 4, total: sumOf(1, 40), runs: 1 });
    expect(runIds()).toEqual([task.runId]);
    expect(await runInputs(task)).toEqual([{ length: 40, chunk_size: 10, chunks_per_run: 4 }]);
  });

  it('continues as new for one more chunk past the limit', async () => {
    const task = await start({ length: 41, chunk_size: 10, chunks_per_run: 4 });

    expect(await task.handle.result()).toMatchObject({ chunks_processed: 5, items_processed: 41, total: sumOf(1, 41), runs: 2 });
    expect(calls.at(-1)).toMatchObject({ index: 4, from: 41, to: 41, run: 2 });
    expect(runIds()).toHaveLength(2);
  });

  it('ends with a short chunk when length is not a multiple of chunk_size', async () => {
    const task = await start({ length: 25, chunk_size: 10 });

    expect(await task.handle.result()).toEqual({ length: 25, chunk_size: 10, chunks_processed: 3, items_processed: 25, total: 325, runs: 1 });
    expect(calls.map(({ from, to }) => [from, to])).toEqual([[1, 10], [11, 20], [21, 25]]);
  });

  it('makes one chunk of a dataset smaller than a chunk', async () => {
    const task = await start({ length: 3, chunk_size: 10 });

    expect(await task.handle.result()).toMatchObject({ chunks_processed: 1, items_processed: 3, total: 6, runs: 1 });
    expect(calls.map(({ from, to }) => [from, to])).toEqual([[1, 3]]);
  });

  it('a chunk that fails transiently is retried, and its total counted once', async () => {
    let failed = false;
    chunkWork = async ({ chunk }) => {
      if (chunk.index === 1 && !failed) {
        failed = true;
        throw new Error('the worker lost its connection');
      }
    };
    const task = await start({ length: 30, chunk_size: 10 });

    expect(await task.handle.result()).toMatchObject({ chunks_processed: 3, total: sumOf(1, 30) });
    expect(calls.map((call) => call.index)).toEqual([0, 1, 1, 2]);
  });
});
