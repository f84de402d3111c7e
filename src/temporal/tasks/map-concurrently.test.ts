import { describe, expect, it } from 'vitest';
import { mapConcurrently } from './map-concurrently';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('mapConcurrently', () => {
  it('maps every item, in order, never more than `concurrency` at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapConcurrently([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      for (let i = 0; i < n; i++) await tick();
      running--;
      return n * 10;
    });

    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
  });

  it('answers an empty list with an empty list', async () => {
    expect(await mapConcurrently([], 4, async () => 1)).toEqual([]);
  });

  it('starts nothing after a failure and lets the calls under way settle before rejecting', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const failure = await mapConcurrently([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      if (n === 1) throw new Error('item 1 failed');
      await tick();
      await tick();
      settled.push(n);
      return n;
    }).catch((error: unknown) => error);

    expect(failure).toEqual(new Error('item 1 failed'));
    // Item 0 was under way when item 1 failed: it finished; nothing after item 1 started.
    expect(started).toEqual([0, 1]);
    expect(settled).toEqual([0]);
  });
});
