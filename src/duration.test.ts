import { describe, expect, it } from 'vitest';
import { durationMs } from './duration';

describe('durationMs: the one duration reader', () => {
  it.each([
    [30, 30_000],
    ['30', 30_000],
    [' 2.5 ', 2_500],
    [0, 0],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1500ms', 1_500],
    ['2 days', 172_800_000],
    [Infinity, Infinity],
  ])('reads %j as %i ms (a bare number is seconds)', (value, ms) => {
    expect(durationMs(value)).toBe(ms);
  });

  it.each(['soon', '', '-5s', '5 fortnights', -1, NaN])('refuses %j, naming the accepted forms', (value) => {
    expect(() => durationMs(value)).toThrow(/is not a duration such as 30s, 5m or 1h \(a plain number is seconds\)/);
  });
});
