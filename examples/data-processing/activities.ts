import { ApplicationFailure } from '@temporalio/activity';
import { FailureType } from '../failure-types';
import { overflowMessage } from './overflow';
import type { Chunk, ChunkResult, Operation } from './schema';

/**
 * Applies one operation to one chunk of numbers. Pure, so it is tested without Temporal. A chunk
 * whose sum or result leaves a double's range fails for good (`NumericOverflow`): the same numbers
 * overflow on every attempt, and a chunk result must be a number (its `sum` is kept whatever the
 * operation, so an overflowing sum fails `max` and `count` too).
 */
export async function processChunk(input: { chunk: Chunk; operation: Operation }): Promise<ChunkResult> {
  const { chunk, operation } = input;
  const values = 'items' in chunk ? chunk.items : range(chunk.from, chunk.to);
  const sum = values.reduce((total, value) => total + value, 0);
  if (!Number.isFinite(sum)) throw overflow(`the sum of chunk ${chunk.index} (${values.length} numbers)`, chunk.index);
  const result = applyOperation(operation, values, sum);
  if (!Number.isFinite(result)) throw overflow(`the ${operation} of chunk ${chunk.index} (${values.length} numbers)`, chunk.index);
  return { chunk_index: chunk.index, items: values.length, result, sum };
}

function overflow(what: string, chunkIndex: number): ApplicationFailure {
  return ApplicationFailure.nonRetryable(overflowMessage(what), FailureType.NumericOverflow, { chunk_index: chunkIndex });
}

function applyOperation(operation: Operation, values: number[], sum: number): number {
  switch (operation) {
    case 'sum':
      return sum;
    case 'count':
      return values.length;
    case 'max':
      return values.reduce((max, value) => Math.max(max, value), -Infinity);
    case 'avg':
      return sum / values.length;
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
