import { describe, expect, it } from 'vitest';
import { SharedCheck } from './shared-check';

describe('SharedCheck', () => {
  it('shares one running probe between callers, answers from it while fresh, and probes again after', async () => {
    let now = 0;
    let probes = 0;
    let release: () => void = () => undefined;
    const probe = (): Promise<void> => {
      probes += 1;
      return new Promise((resolve) => (release = resolve));
    };
    const check = new SharedCheck(probe, 1000, () => now);
    const waiting = Array.from({ length: 10 }, () => check.passes());
    release();
    expect(await Promise.all(waiting)).toEqual(Array.from({ length: 10 }, () => true));
    expect(probes).toBe(1);
    now += 999;
    expect(await check.passes()).toBe(true);
    expect(probes).toBe(1);
    now += 1;
    const again = check.passes();
    release();
    await again;
    expect(probes).toBe(2);
  });

  it('answers false while the probe fails, and keeps that as long as a success', async () => {
    let probes = 0;
    const probe = (): Promise<void> => {
      probes += 1;
      return Promise.reject(new Error('unreachable'));
    };
    const check = new SharedCheck(probe, 1000, () => 0);
    expect(await check.passes()).toBe(false);
    expect(await check.passes()).toBe(false);
    expect(probes).toBe(1);
  });
});
