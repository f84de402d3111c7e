import ms from 'ms';

/** A length of time as people write it: seconds (`30`; `Infinity` for no limit), or a duration string (`"30s"`, `"5m"`, `"1h"`, `"1500ms"`). */
export type DurationInput = number | string;

/** A bare number, as a string: seconds, wherever Conveyor reads a duration. */
const BARE_NUMBER = /^\d+(\.\d+)?$/;

/**
 * Milliseconds of a {@link DurationInput}. The one duration reader of Conveyor: settings, CLI
 * options, API fields and the typed client all read a bare number as seconds, so `30` means the
 * same everywhere. Throws a RangeError for anything else, or a negative length.
 */
export function durationMs(value: DurationInput): number {
  if (value === Infinity) return Infinity;
  let parsed: number;
  if (typeof value === 'number') parsed = value * 1000;
  else {
    const text = value.trim();
    // ms() reads "30" as 30 milliseconds; Conveyor reads it as seconds, like the number 30.
    parsed = BARE_NUMBER.test(text) ? Number(text) * 1000 : parseUnit(text);
  }
  if (!Number.isFinite(parsed) || parsed < 0) throw new RangeError(`"${value}" is not a duration such as 30s, 5m or 1h (a plain number is seconds)`);
  return parsed;
}

function parseUnit(text: string): number {
  try {
    return ms(text as ms.StringValue);
  } catch {
    return NaN;
  }
}
