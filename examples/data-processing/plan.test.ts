import { describe, expect, it } from 'vitest';
import type { ChunkResult, DataProcessingParams } from './schema';
import { combineChunks, planChunks } from './plan';

/** What processChunk would return for a chunk of these numbers. */
function resultOf(index: number, values: number[], result: number): ChunkResult {
  return { chunk_index: index, items: values.length, result, sum: values.reduce((a, b) => a + b, 0) };
}

describe('planChunks', () => {
  it('splits 1..data_size into ranges, the last one short', () => {
    const params: DataProcessingParams = { data_size: 25, chunk_size: 10, operation: 'sum' };

    expect(planChunks(params)).toEqual([
      { index: 0, from: 1, to: 10 },
      { index: 1, from: 11, to: 20 },
      { index: 2, from: 21, to: 25 },
    ]);
  });

  it('makes one range when the chunk is larger than the data', () => {
    expect(planChunks({ data_size: 3, chunk_size: 10, operation: 'sum' })).toEqual([{ index: 0, from: 1, to: 3 }]);
  });

  it('slices given data in order, ignoring data_size', () => {
    const params: DataProcessingParams = { data: [9, 8, 7, 6, 5], chunk_size: 2, operation: 'max' };

    expect(planChunks(params)).toEqual([
      { index: 0, items: [9, 8] },
      { index: 1, items: [7, 6] },
      { index: 2, items: [5] },
    ]);
  });
});

describe('combineChunks', () => {
  const first = [1, 2, 3];
  const second = [10, -4];
  const results = [resultOf(0, first, 0), resultOf(1, second, 0)];

  it('adds the chunk sums for sum', () => {
    expect(combineChunks('sum', results)).toBe(12);
  });

  it('adds the chunk sizes for count', () => {
    expect(combineChunks('count', results)).toBe(5);
  });

  it('takes the largest chunk result for max', () => {
    expect(combineChunks('max', [resultOf(0, [-7, -3], -3), resultOf(1, [-9], -9)])).toBe(-3);
  });

  it('weighs each chunk by its size for avg, instead of averaging the averages', () => {
    // 1..100 in chunks of 7: fourteen full chunks and a last one of two (99, 100).
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const chunked: ChunkResult[] = [];
    for (let start = 0; start < values.length; start += 7) {
      const chunk = values.slice(start, start + 7);
      chunked.push(resultOf(chunked.length, chunk, chunk.reduce((a, b) => a + b, 0) / chunk.length));
    }
    const averageOfAverages = chunked.reduce((total, r) => total + r.result, 0) / chunked.length;

    expect(chunked.map((r) => r.items)).toEqual([...Array<number>(14).fill(7), 2]);
    expect(averageOfAverages).not.toBe(50.5);
    expect(combineChunks('avg', chunked)).toBe(50.5);
  });
});
