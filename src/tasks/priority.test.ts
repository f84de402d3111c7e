import { describe, expect, it } from 'vitest';
import { effectivePriority, isPriority } from './priority';

describe('task priority', () => {
  it("is the key Temporal reports, or Temporal's default 3 when the task set none", () => {
    expect(effectivePriority({ priorityKey: 1 })).toBe(1);
    expect(effectivePriority({ priorityKey: 5 })).toBe(5);
    // Temporal leaves the priority out, or reports a key of 0, for a task that set none.
    expect(effectivePriority(null)).toBe(3);
    expect(effectivePriority(undefined)).toBe(3);
    expect(effectivePriority({ priorityKey: 0 })).toBe(3);
  });

  it('accepts the whole numbers 1 to 5 only', () => {
    expect([1, 2, 3, 4, 5].every(isPriority)).toBe(true);
    for (const value of [0, 6, -1, 2.5, NaN, Infinity]) expect(isPriority(value), String(value)).toBe(false);
  });
});
