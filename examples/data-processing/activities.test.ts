import { describe, expect, it } from 'vitest';
import { processChunk } from './activities';
import type { Chunk, Operation } from './schema';

describe('processChunk', () => {
  const items: Chunk = { index: 4, items: [3, -2, 9, 6] };
  const range: Chunk = { index: 1, from: 11, to: 14 };

  it.each<[Operation, number, number]>([
    ['sum', 16, 50],
    ['count', 4, 4],
    ['max', 9, 14],
    ['avg', 4, 12.5],
  ])('applies %s to given items and to a range', async (operation, overItems, overRange) => {
    await expect(processChunk({ chunk: items, operation })).resolves.toEqual({ chunk_index: 4, items: 4, result: overItems, sum: 16 });
    await expect(processChunk({ chunk: range, operation })).resolves.toEqual({ chunk_index: 1, items: 4, result: overRange, sum: 50 });
  });
});
