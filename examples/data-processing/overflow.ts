/** What example_data_processing says when a number leaves a double's range (free of imports: the workflow uses it too). */

/** The message of a `NumericOverflow` failure: what overflowed, and the bound it went past. */
export function overflowMessage(what: string): string {
  return `${what} overflows: it is beyond ±${Number.MAX_VALUE}, the largest number a double holds, and JSON would carry it as null`;
}
