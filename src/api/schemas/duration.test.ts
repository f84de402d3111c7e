import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { requestDuration } from './duration';

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues;
};

describe('requestDuration: the one bounded duration of a request (delay, wait)', () => {
  const wait = requestDuration({ maxMs: 20_000, tooLongDetails: { max_wait_seconds: 20 } });
  const delay = requestDuration({ maxMs: 365 * 86_400_000, tooLong: 'must be seconds or a duration string, at most 365 days', seconds: true });

  it.each([
    ['30s', 30_000],
    ['1.5', 1_500],
    [' 2 m ', 120_000],
    [12, 12_000],
    ['365 days', 365 * 86_400_000],
  ])('reads %j into %i ms, a bare number as seconds', (value, ms) => {
    expect(delay.parse(value)).toBe(ms);
  });

  it('takes a JSON number only where asked (a query string holds strings)', () => {
    expect(wait.parse('20')).toBe(20_000);
    expect(issuesOf(wait, 20)).not.toEqual([]);
  });

  it.each(['soon', '5 parsecs', '-5', '', 'Infinity'])('refuses %j, naming the forms it takes', (value) => {
    expect(issuesOf(delay, value).map((issue) => issue.message)).toEqual(['must be a duration such as 30s, 5m or 1h (a plain number is seconds)']);
  });

  it('refuses a negative number of seconds', () => {
    expect(issuesOf(delay, -5)).not.toEqual([]);
  });

  it('refuses a duration beyond its maximum, saying the maximum, with the details a client adapts to', () => {
    expect(wait.parse('20s')).toBe(20_000);
    expect(issuesOf(wait, '21s')).toEqual([expect.objectContaining({ code: 'custom', message: 'must be a duration of at most 20s', params: { max_wait_seconds: 20 } })]);
    expect(issuesOf(delay, '366d')).toEqual([expect.objectContaining({ message: 'must be seconds or a duration string, at most 365 days' })]);
    expect(issuesOf(delay, '366d')[0]).not.toHaveProperty('params');
  });
});
