import { describe, expect, it } from 'vitest';
import { FailureWindows } from './failure-windows';

describe('FailureWindows', () => {
  it('blocks a key after `limit` failures until its window ends, then forgets them', () => {
    let now = 1_000;
    const windows = new FailureWindows(3, 60_000, 100, () => now);
    for (let i = 0; i < 3; i++) {
      expect(windows.blockedForMs('a')).toBe(0);
      windows.recordFailure('a');
    }
    now += 20_000;
    expect(windows.blockedForMs('a')).toBe(40_000);
    expect(windows.blockedForMs('b')).toBe(0);
    now += 40_000;
    expect(windows.blockedForMs('a')).toBe(0);
    windows.recordFailure('a');
    expect(windows.blockedForMs('a')).toBe(0);
  });

  it('tracks at most `maxKeys` keys, forgetting expired windows first and then the oldest', () => {
    let now = 0;
    const windows = new FailureWindows(1, 60_000, 3, () => now);
    for (const key of ['a', 'b', 'c']) windows.recordFailure(key);
    windows.recordFailure('d');
    expect(windows.size).toBe(3);
    expect(windows.blockedForMs('a')).toBe(0);
    expect(windows.blockedForMs('d')).toBeGreaterThan(0);
    now += 60_000;
    windows.recordFailure('e');
    expect(windows.size).toBe(1);
  });
});
