import { msToNumber } from '@temporalio/common/lib/time';

/** A length of time as clients write it: seconds (`30`; `Infinity` for no limit), or a duration string (`"30s"`, `"5m"`, `"1h"`). */
export type DurationInput = number | string;

/**
 * Milliseconds of a {@link DurationInput}, read as the Task API reads `?wait=` and `delay`: a bare
 * number is seconds. Throws a RangeError for anything else, or a negative length.
 */
export function durationMs(value: DurationInput): number {
  if (value === Infinity) return Infinity;
  let ms: number;
  try {
    if (typeof value === 'number') ms = value * 1000;
    else ms = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) * 1000 : msToNumber(value.trim() as Parameters<typeof msToNumber>[0]);
  } catch {
    ms = NaN;
  }
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`"${value}" is not a duration such as 30s, 5m or 1h (a plain number is seconds)`);
  return ms;
}
