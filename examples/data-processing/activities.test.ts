import { ApplicationFailure } from '@temporalio/activity';
import { describe, expect, it } from 'vitest';
import { FailureType } from '../failure-types';
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

describe('processChunk past a double’s range', () => {
  const failureOf = (input: Parameters<typeof processChunk>[0]) => processChunk(input).then(() => undefined, (error: unknown) => error);

  it.each<Operation>(['sum', 'count', 'max', 'avg'])('fails %s for good with NumericOverflow when the chunk’s sum overflows', async (operation) => {
    const failure = await failureOf({ chunk: { index: 3, items: [1e308, 1e308] }, operation });

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FailureType.NumericOverflow, nonRetryable: true, details: [{ chunk_index: 3 }] });
    expect((failure as Error).message).toMatch(/^the sum of chunk 3 \(2 numbers\) overflows: it is beyond ±1\.7976931348623157e\+308/);
  });

  it('computes a sum that comes back into range on the way', async () => {
    await expect(processChunk({ chunk: { index: 0, items: [1e308, -1e308, 1e308] }, operation: 'sum' })).resolves.toMatchObject({ result: 1e308 });
  });

  it('computes the largest numbers a double holds', async () => {
    const values = [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MAX_VALUE];
    await expect(processChunk({ chunk: { index: 0, items: values }, operation: 'max' })).resolves.toMatchObject({ result: Number.MAX_VALUE });
  });
});
