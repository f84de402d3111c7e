/**
 * One field of a standard 5-field cron expression as the document describes it: its numbers (no
 * names, no leading zeros), and two bands that split them, so that a range `low-high` is always
 * written low end first (Temporal refuses `5-3`, and a pattern cannot compare two numbers).
 */
interface CronField {
  name: string;
  /** Every number of the field's range. */
  value: string;
  /** The first numbers of the range: a range's start. */
  low: string;
  /** The last numbers of the range: a range's end. */
  high: string;
}

/** The fields in order, with Temporal's ranges: minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-7 (0 and 7 are Sunday). */
export const CRON_FIELDS: readonly CronField[] = [
  { name: 'minute', value: '[1-5]?[0-9]', low: '[12]?[0-9]', high: '[3-5][0-9]' },
  { name: 'hour', value: '1?[0-9]|2[0-3]', low: '[0-9]|1[01]', high: '1[2-9]|2[0-3]' },
  { name: 'day of month', value: '[1-9]|[12][0-9]|3[01]', low: '[1-9]|1[0-5]', high: '1[6-9]|2[0-9]|3[01]' },
  { name: 'month', value: '[1-9]|1[0-2]', low: '[1-6]', high: '[7-9]|1[0-2]' },
  { name: 'day of week', value: '[0-7]', low: '[0-3]', high: '[4-7]' },
];

/** A step, `/1` to `/99`: Temporal takes any whole number from 1. */
const STEP = '(?:/[1-9][0-9]?)?';
/** Terms a field's list holds at most: five fields of four terms stay within the 200 characters the API takes. */
export const MAX_CRON_LIST_TERMS = 4;

/** One field's pattern: a list of `*`, a number or a `low-high` range, each with an optional step. */
export function cronFieldPattern({ value, low, high }: CronField): string {
  const term = `(?:\\*|(?:${value})|(?:${low})-(?:${high}))${STEP}`;
  return `${term}(?:,${term}){0,${MAX_CRON_LIST_TERMS - 1}}`;
}

/**
 * The cron expressions the OpenAPI document describes: standard 5-field cron in UTC, a subset of
 * what Temporal reads, chosen so that every expression that matches it is one Temporal accepts and
 * a client (or a fuzzer) generating from the document creates schedules. The API takes more
 * (names, seconds and years, `@daily`, `@every`, `CRON_TZ=`); the document's description says so.
 */
export const DOCUMENTED_CRON_PATTERN = `^${CRON_FIELDS.map(cronFieldPattern).join(' ')}$`;
