import { describe, expect, it } from 'vitest';
import { temporalReadsCron } from '../../../test/helpers/temporal-cron-rules';
import { CRON_FIELDS, cronFieldPattern, DOCUMENTED_CRON_PATTERN, MAX_CRON_LIST_TERMS } from './cron-pattern';

/** The API's own limit on one expression (POST /schedules's body schema). */
const MAX_CRON_LENGTH = 200;
const NUMBERS = ['-1', '00', '05', '+5', ...Array.from({ length: 101 }, (_, n) => String(n))];
const STEPS = ['', '/0', '/1', '/2', '/7', '/59', '/99', '/100', '/', '/x'];

/** Every term a field might hold, most of them wrong: `*`, numbers, ranges either way round, each with every step above. */
function candidateTerms(): string[] {
  const bases = ['*', '', 'x', '1-2-3', ...NUMBERS, ...NUMBERS.flatMap((low) => NUMBERS.map((high) => `${low}-${high}`))];
  return bases.flatMap((base) => STEPS.map((step) => `${base}${step}`));
}

/** The same field everywhere else: `*`, so that an expression tests one field at a time. */
function expressionWith(fieldIndex: number, value: string): string {
  return CRON_FIELDS.map((_, index) => (index === fieldIndex ? value : '*')).join(' ');
}

/** A seeded generator (mulberry32): the same draws on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the cron pattern the OpenAPI document gives POST /schedules', () => {
  const documented = new RegExp(DOCUMENTED_CRON_PATTERN);
  const candidates = candidateTerms();
  const matchingTerms = CRON_FIELDS.map((field) => {
    const pattern = new RegExp(`^(?:${cronFieldPattern(field)})$`);
    return candidates.filter((term) => pattern.test(term));
  });

  it('matches, in each field, only terms Temporal reads: of every number, range and step tried, each one it matches', () => {
    CRON_FIELDS.forEach((field, index) => {
      for (const term of candidates) {
        const expression = expressionWith(index, term);
        if (documented.test(expression)) expect(temporalReadsCron(expression), `${field.name}: ${term}`).toBe(true);
      }
    });
  });

  it("covers each field's whole range: every number, `*` and `*/n`, and ranges low end first", () => {
    CRON_FIELDS.forEach((field, index) => {
      const terms = new Set(matchingTerms[index]);
      const inRange = NUMBERS.filter((number) => /^(0|[1-9][0-9]*)$/.test(number) && temporalReadsCron(expressionWith(index, number)));
      expect(inRange.length, field.name).toBeGreaterThanOrEqual(8);
      for (const number of inRange) expect(terms.has(number), `${field.name}: ${number}`).toBe(true);
      for (const term of ['*', '*/1', '*/2', '*/99']) expect(terms.has(term), `${field.name}: ${term}`).toBe(true);
      const low = inRange[0]!;
      const high = inRange.at(-1)!;
      for (const term of [`${low}-${high}`, `${low}-${high}/2`, `${low}/7`]) expect(terms.has(term), `${field.name}: ${term}`).toBe(true);
    });
  });

  it('matches only expressions the API takes and Temporal reads: 5,000 drawn from the matching terms, lists as long as it allows', () => {
    const random = seeded(20261206);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (let draw = 0; draw < 5000; draw++) {
      const expression = matchingTerms.map((terms) => Array.from({ length: 1 + Math.floor(random() * MAX_CRON_LIST_TERMS) }, () => pick(terms)).join(',')).join(' ');
      expect(documented.test(expression), expression).toBe(true);
      expect(temporalReadsCron(expression), expression).toBe(true);
      expect(expression.length, expression).toBeLessThanOrEqual(MAX_CRON_LENGTH);
    }
  });

  it('keeps its longest expressions within the 200 characters the API takes', () => {
    const longest = matchingTerms.map((terms) => Array(MAX_CRON_LIST_TERMS).fill(terms.reduce((a, b) => (b.length > a.length ? b : a))).join(',')).join(' ');
    expect(documented.test(longest), longest).toBe(true);
    expect(temporalReadsCron(longest), longest).toBe(true);
    expect(longest.length).toBeLessThanOrEqual(MAX_CRON_LENGTH);
    expect(documented.test(`${longest.split(' ')[0]},0 * * * *`)).toBe(false);
  });

  it('leaves out what Temporal refuses: a range high end first, a step of 0, a number out of range, a missing field', () => {
    for (const refused of ['5-3 * * * *', '*/0 * * * *', '60 * * * *', '* 24 * * *', '* * 0 * *', '* * * 13 *', '* * * * 8', '* * * *']) {
      expect(temporalReadsCron(refused), refused).toBe(false);
      expect(documented.test(refused), refused).toBe(false);
    }
  });
});
