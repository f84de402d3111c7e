import { z } from 'zod';
import { durationMs } from '../../duration';

/** The units durationMs reads (the `ms` package's), in any case. */
const UNITS = ['milliseconds', 'millisecond', 'msecs', 'msec', 'ms', 'seconds', 'second', 'secs', 'sec', 's', 'minutes', 'minute', 'mins', 'min', 'm', 'hours', 'hour', 'hrs', 'hr', 'h', 'days', 'day', 'd', 'weeks', 'week', 'w', 'years', 'year', 'yrs', 'yr', 'y'];
const anyCase = (word: string): string => [...word].map((letter) => `[${letter}${letter.toUpperCase()}]`).join('');
/** Whitespace spelled out: `\s` and `\d` mean more in other regex dialects (a fuzzer's Python) than here. */
const SPACE = '[ \\t\\n\\v\\f\\r]*';

/**
 * The shape of a duration the API reads (`30`, `1.5`, `30s`, `5 minutes`): a number and perhaps
 * one of durationMs's units, spaces between them only. The document declares it, so what it allows
 * is what durationMs reads (its bound aside).
 */
const DURATION_PATTERN = new RegExp(`^${SPACE}([0-9]+|[0-9]*\\.[0-9]+)( *(${UNITS.map(anyCase).join('|')}))?${SPACE}$`);
const DURATION_PATTERN_MESSAGE = 'must be a duration such as 30s, 5m or 1h (a plain number is seconds)';

export interface DurationBounds {
  /** The longest duration taken, in milliseconds. */
  maxMs: number;
  /** The longest as the refusal says it, e.g. "must be seconds or a duration string, at most 365 days"; by default "must be a duration of at most <seconds>s". */
  tooLong?: string;
  /** A JSON number of seconds is taken too (a body field; a query string holds only strings). */
  seconds?: boolean;
  /** Added to the 400's details when a duration is longer than `maxMs`, for clients that adapt to the bound. */
  tooLongDetails?: Record<string, unknown>;
}

/**
 * A duration a request gives (`delay`, `wait`), read by durationMs into milliseconds and refused
 * (400 `invalid_request` naming the field) when it is no duration or longer than `maxMs`.
 */
export function requestDuration(bounds: DurationBounds & { seconds: true }): z.ZodPipe<z.ZodUnion<[z.ZodNumber, z.ZodString]>, z.ZodTransform<number, number | string>>;
export function requestDuration(bounds: DurationBounds & { seconds?: false }): z.ZodPipe<z.ZodString, z.ZodTransform<number, string>>;
export function requestDuration({ maxMs, tooLong = `must be a duration of at most ${maxMs / 1000}s`, seconds = false, tooLongDetails }: DurationBounds) {
  const read = (value: number | string, ctx: z.RefinementCtx): number => {
    let ms: number;
    try {
      ms = durationMs(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: DURATION_PATTERN_MESSAGE });
      return z.NEVER;
    }
    if (ms > maxMs) {
      ctx.addIssue({ code: 'custom', message: tooLong, ...(tooLongDetails === undefined ? {} : { params: tooLongDetails }) });
      return z.NEVER;
    }
    return ms;
  };
  const text = z.string().regex(DURATION_PATTERN, DURATION_PATTERN_MESSAGE);
  // The number's bound is declared (a string's cannot be): seconds beyond it, or beyond a double once in ms, are refused as too long.
  return seconds ? z.union([z.number().min(0).max(maxMs / 1000, tooLong), text]).transform(read) : text.transform(read);
}
