import { Context } from '@temporalio/activity';
import { ActivityFailure, ApplicationFailure } from '@temporalio/client';
import { progressQuery } from 'conveyor/workflow';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StartedTask } from '../../src/temporal/tasks/start-task';
import { deferred } from '../../test/helpers/deferred';
import { failureOf, serveExamples, timeSkippingEnvironment } from '../../test/helpers/workflow-environment';
import type { processChunk } from './activities';
import { FailureType } from '../failure-types';
import { DATA_PROCESSING_FANOUT } from './limits';
import type { ChunkResult, DataProcessingParams, DataProcessingResult } from './schema';

type ChunkInput = Parameters<typeof processChunk>[0];

/** A made-up result that names its chunk, so the test can tell where each one ended up. */
const cannedResult = ({ chunk }: ChunkInput): ChunkResult => ({ chunk_index: chunk.index, items: 2, result: chunk.index * 10, sum: chunk.index });

/**
 * example_data_processing with a mocked `processChunk`, on the time-skipping server (the retry
 * policy's backoffs pass at once).
 */
describe('example_data_processing workflow', () => {
  let calls: (ChunkInput & { attempt: number })[];
  let chunkWork: (input: ChunkInput) => Promise<ChunkResult>;

  const examples = serveExamples(timeSkippingEnvironment, {
    processChunk: async (input: ChunkInput) => {
      calls.push({ ...input, attempt: Context.current().info.attempt });
      return chunkWork(input);
    },
  });
  beforeEach(() => {
    calls = [];
    chunkWork = async (input) => cannedResult(input);
  });

  const start = (params: Partial<DataProcessingParams>): Promise<StartedTask> => examples.start('example_data_processing', { operation: 'sum', ...params });

  it('sends each planned chunk with the operation, and keeps results in chunk order whatever order they finish in', async () => {
    const laterChunksDone = deferred();
    let done = 0;
    chunkWork = async (input) => {
      if (input.chunk.index === 0) await laterChunksDone.promise; // the first chunk finishes last
      else if (++done === 2) laterChunksDone.resolve();
      return cannedResult(input);
    };
    const task = await start({ data: [4, 8, 15, 16, 23], chunk_size: 2, operation: 'sum' });

    const result = (await task.handle.result()) as DataProcessingResult;
    expect(calls.map(({ chunk, operation }) => ({ chunk, operation })).sort((a, b) => a.chunk.index - b.chunk.index)).toEqual([
      { chunk: { index: 0, items: [4, 8] }, operation: 'sum' },
      { chunk: { index: 1, items: [15, 16] }, operation: 'sum' },
      { chunk: { index: 2, items: [23] }, operation: 'sum' },
    ]);
    expect(result).toEqual({
      operation: 'sum',
      total_items: 6, // the canned results' `items`: the workflow adds up what the activities report
      chunks_processed: 3,
      chunk_results: [0, 1, 2].map((index) => cannedResult({ chunk: { index, items: [] }, operation: 'sum' })),
      final_result: 0 + 1 + 2, // combined from the chunks' sums
    });
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 100, stage: 'completed', message: '3 chunks processed' });
  });

  it(`keeps at most ${DATA_PROCESSING_FANOUT} chunk activities in flight`, async () => {
    const full = deferred();
    let inFlight = 0;
    let mostInFlight = 0;
    chunkWork = async (input) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      if (inFlight === DATA_PROCESSING_FANOUT) full.resolve();
      await full.promise; // hold the first chunks until the fan-out is full
      inFlight--;
      return cannedResult(input);
    };
    const task = await start({ data_size: 30, chunk_size: 1 });

    const result = (await task.handle.result()) as DataProcessingResult;
    expect(result.chunks_processed).toBe(30);
    expect(mostInFlight).toBe(DATA_PROCESSING_FANOUT);
  });

  it('a chunk that keeps failing is tried five times, then the task fails with its failure', async () => {
    chunkWork = async () => {
      throw new Error('the chunk store is unreachable');
    };
    const task = await start({ data_size: 3, chunk_size: 5 });

    const failure = await failureOf(task);
    expect(failure).toBeInstanceOf(ActivityFailure);
    expect(failure.cause?.message).toBe('the chunk store is unreachable');
    expect(calls.map((call) => call.attempt)).toEqual([1, 2, 3, 4, 5]);
  });

  it('a chunk that fails for good fails the task at once, with the failure type it raised', async () => {
    chunkWork = async () => {
      throw ApplicationFailure.nonRetryable('not a number', 'BadChunk');
    };
    const task = await start({ data_size: 3, chunk_size: 5 });

    const failure = await failureOf(task);
    expect(failure).toBeInstanceOf(ActivityFailure);
    expect(failure.cause).toMatchObject({ type: 'BadChunk', message: 'not a number' });
    expect(calls).toHaveLength(1);
  });

  it('fails the task with NumericOverflow when the chunks\' finite sums overflow once combined, instead of completing with null', async () => {
    chunkWork = async ({ chunk }) => ({ chunk_index: chunk.index, items: 1, result: 1e308, sum: 1e308 });
    const task = await start({ data: [1e308, 1e308], chunk_size: 1, operation: 'sum' });

    const failure = await failureOf(task);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FailureType.NumericOverflow, nonRetryable: true });
    expect(failure.message).toMatch(/^the sum of all 2 numbers, combined from 2 chunks, overflows: it is beyond ±1\.7976931348623157e\+308/);
    expect(calls).toHaveLength(2);
  });

  it('a chunk that overflows fails the task at once, as a NumericOverflow of the task with the chunk\'s failure as its cause', async () => {
    chunkWork = async ({ chunk }) => {
      throw ApplicationFailure.nonRetryable(`the sum of chunk ${chunk.index} overflows`, FailureType.NumericOverflow);
    };
    const task = await start({ data: [1e308, 1e308], chunk_size: 2, operation: 'max' });

    const failure = await failureOf(task);
    expect(failure).toMatchObject({ type: FailureType.NumericOverflow, nonRetryable: true, message: 'the sum of chunk 0 overflows' });
    expect(failure.cause).toBeInstanceOf(ActivityFailure);
    expect(calls).toHaveLength(1);
  });
});
