import { describe, expect, it } from 'vitest';
import { chunkAt, chunkCount, chunkStage } from './plan';

describe('the chunks of 1..length', () => {
  it('counts a short last chunk', () => {
    expect(chunkCount({ length: 25, chunk_size: 10 })).toBe(3);
    expect(chunkCount({ length: 30, chunk_size: 10 })).toBe(3);
    expect(chunkCount({ length: 3, chunk_size: 10 })).toBe(1);
  });

  it('computes any chunk from its index, the last one cut at length', () => {
    expect(chunkAt({ length: 25, chunk_size: 10 }, 0)).toEqual({ index: 0, from: 1, to: 10 });
    expect(chunkAt({ length: 25, chunk_size: 10 }, 2)).toEqual({ index: 2, from: 21, to: 25 });
  });

  it('names a chunk from 1, with its run', () => {
    expect(chunkStage(2, 5, 2)).toBe('chunk 3 of 5, run 2');
  });
});
