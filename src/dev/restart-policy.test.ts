import { describe, expect, it } from 'vitest';
import { judgeCrash, RESTART_POLICY } from './restart-policy';

describe('judgeCrash', () => {
  it('restarts a child that had served steadily after half a second, and starts counting afresh', () => {
    expect(judgeCrash(3, RESTART_POLICY.steadyAfterMs)).toEqual({ restart: true, delayMs: 500, quickCrashes: 0 });
  });

  it('doubles the wait for each quick crash in a row (before ready, or soon after), and gives up at the fifth', () => {
    const delays: number[] = [];
    let verdict = judgeCrash(0, 60_000);
    for (const servedMs of [undefined, 2_000, undefined, RESTART_POLICY.steadyAfterMs - 1, undefined]) {
      if (!verdict.restart) break;
      delays.push(verdict.delayMs);
      verdict = judgeCrash(verdict.quickCrashes, servedMs);
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000]);
    expect(verdict).toEqual({ restart: false, quickCrashes: RESTART_POLICY.quickCrashesToGiveUp });
  });

  it('scales every wait by the back-off scale, and counts crashes as before', () => {
    expect(judgeCrash(0, undefined, 0.1)).toEqual({ restart: true, delayMs: 100, quickCrashes: 1 });
    expect(judgeCrash(3, undefined, 0.1)).toEqual({ restart: true, delayMs: 800, quickCrashes: 4 });
    expect(judgeCrash(4, undefined, 0.1)).toEqual({ restart: false, quickCrashes: 5 });
  });
});
