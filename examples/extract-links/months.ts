/**
 * Calendar months as `YYYY-MM` strings, pure arithmetic (shared by the schema and the workflow;
 * no clock here: the caller says which date it means).
 */

/** `YYYY-MM`, month 01 to 12. */
export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** At most this many months per task: 20 years of archive pages. */
export const MAX_MONTHS = 240;

/** A month as a count of months since year 0, so ranges are subtraction. */
export function monthIndex(month: string): number {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw new RangeError(`"${month}" is not a month as YYYY-MM`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

export function monthAt(index: number): string {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The month `date` falls in, in UTC. */
export function monthOf(date: Date): string {
  return monthAt(date.getUTCFullYear() * 12 + date.getUTCMonth());
}

/** How many months from `from` to `to`, both included (0 when `from` is after `to`). */
export function monthsBetween(from: string, to: string): number {
  return Math.max(0, monthIndex(to) - monthIndex(from) + 1);
}

/** The month before `month`. */
export function previousMonth(month: string): string {
  return monthAt(monthIndex(month) - 1);
}
