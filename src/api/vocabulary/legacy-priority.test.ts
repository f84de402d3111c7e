import { describe, expect, it } from 'vitest';
import { priorityKeyOfLegacy } from './legacy-priority';

describe('priorityKeyOfLegacy', () => {
  it.each([
    [0, 5],
    [1, 5],
    [2, 4],
    [3, 4],
    [4, 3],
    [5, 3],
    [6, 3],
    [7, 2],
    [8, 2],
    [9, 1],
    [10, 1],
  ])('reads the old priority %i as Temporal’s key %i (the admin page’s default 5 is the default key)', (old, key) => {
    expect(priorityKeyOfLegacy(old)).toBe(key);
  });
});
