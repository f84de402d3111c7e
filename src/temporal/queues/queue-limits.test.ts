import { describe, expect, it } from 'vitest';
import { queueLimitDrift, type AppliedQueueLimits, type DeclaredQueueLimits } from './queue-limits';

const applied = (perSecond: number | null, weights: Record<string, number> = {}): AppliedQueueLimits => ({
  rateLimit: perSecond === null ? null : { perSecond, reason: 'r', updatedBy: 'someone', updatedAt: null },
  keyRateLimit: null,
  weights,
});
const declared = (rateLimit: number | undefined, weights: Record<string, number> = {}): DeclaredQueueLimits => ({ rateLimit, keyRateLimit: undefined, weights });

describe('drift between what Conveyor declares for a queue and what Temporal holds', () => {
  it('is none when they agree, Temporal\'s 32-bit floats included', () => {
    expect(queueLimitDrift(declared(0.1, { acme: 0.1 }), applied(Math.fround(0.1), { acme: Math.fround(0.1) }))).toEqual([]);
    expect(queueLimitDrift(declared(undefined), applied(null))).toEqual([]);
  });

  it('names a limit changed, set or lifted by hand, and a declared weight that differs or is missing', () => {
    expect(queueLimitDrift(declared(5), applied(9))).toEqual(['rate_limit']);
    expect(queueLimitDrift(declared(undefined), applied(9))).toEqual(['rate_limit']);
    expect(queueLimitDrift(declared(5), applied(null))).toEqual(['rate_limit']);
    expect(queueLimitDrift(declared(undefined, { acme: 3 }), applied(null, { acme: 2 }))).toEqual(['fairness_weights']);
    expect(queueLimitDrift(declared(undefined, { acme: 3 }), applied(null))).toEqual(['fairness_weights']);
  });

  it('leaves weights set for keys Conveyor declares nothing about (an admin\'s) out of the drift', () => {
    expect(queueLimitDrift(declared(undefined), applied(null, { vip: 5 }))).toEqual([]);
  });
});
