import { describe, expect, it } from 'vitest';
import { z } from 'zod';
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
    ['\t1.5 Hours\n', 5_400_000],
    ['2W', 14 * 86_400_000],
  ])('reads %j into %i ms, a bare number as seconds', (value, ms) => {
    expect(delay.parse(value)).toBe(ms);
  });

  it('takes a JSON number only where asked (a query string holds strings)', () => {
    expect(wait.parse('20')).toBe(20_000);
    expect(issuesOf(wait, 20)).not.toEqual([]);
  });

  it.each(['soon', '5 parsecs', '-5', '', 'Infinity', '30\tseconds', '5\nm', '30 lhAkry', '\u0663'])('refuses %j, naming the forms it takes', (value) => {
    expect(issuesOf(delay, value).map((issue) => issue.message)).toEqual(['must be a duration such as 30s, 5m or 1h (a plain number is seconds)']);
  });

  it('declares in its pattern what it reads and no more, so a client (or fuzzer) that follows the document is not refused', () => {
    const { pattern } = z.toJSONSchema(wait, { io: 'input', unrepresentable: 'any' }) as { pattern: string };
    const declared = new RegExp(pattern);
    for (const value of ['30', ' 1.5 ', '30s', '5 Minutes', '\t2H\n', '.5']) expect(declared.test(value), value).toBe(true);
    for (const value of ['30\tseconds', '5\nm', '30 lhAkry', 'soon', '-5']) {
      expect(declared.test(value), value).toBe(false);
      expect(issuesOf(wait, value), value).not.toEqual([]);
    }
  });

  it('declares the largest number of seconds it takes, and refuses a larger one as too long', () => {
    expect(z.toJSONSchema(delay, { io: 'input', unrepresentable: 'any' })).toMatchObject({ anyOf: expect.arrayContaining([expect.objectContaining({ type: 'number', maximum: 365 * 86_400 })]) });
    expect(delay.parse(365 * 86_400)).toBe(365 * 86_400_000);
    expect(issuesOf(delay, 8.7e307).map((issue) => issue.message)).toContain('must be seconds or a duration string, at most 365 days');
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
