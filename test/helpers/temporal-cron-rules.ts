/**
 * Whether Temporal reads a numeric 5-field cron expression, by the rules its schedule spec parser
 * keeps (temporalio/temporal, service/worker/scheduler/calendar.go): the fields split on
 * whitespace; each a comma-separated list of terms `*`, `x`, `x-z` with x <= z, each with an
 * optional `/step` of a whole number from 1; numbers as Go's strconv.Atoi reads them, within the
 * field's range. Names, seconds, years, `@` forms and `CRON_TZ=` answer false: stricter than
 * Temporal, so a test that finds an expression read here has found one Temporal reads.
 */
export function temporalReadsCron(expression: string): boolean {
  const fields = expression.split(/\s+/).filter(Boolean);
  return fields.length === FIELD_RANGES.length && fields.every((field, index) => readsField(field, ...FIELD_RANGES[index]!));
}

/** Minute, hour, day of month, month, day of week (0 and 7 are Sunday). */
const FIELD_RANGES: readonly [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

function readsField(field: string, min: number, max: number): boolean {
  return field.split(',').every((part) => {
    let term = part;
    if (term.includes('/')) {
      const [start, step, ...rest] = term.split('/');
      const stepValue = goAtoi(step!);
      if (rest.length > 0 || stepValue === undefined || stepValue < 1) return false;
      term = start!;
    }
    if (term === '*') return true;
    if (!term.includes('-')) return inRange(goAtoi(term), min, max) !== undefined;
    const [low, high, ...rest] = term.split('-');
    const start = inRange(goAtoi(low!), min, max);
    return rest.length === 0 && start !== undefined && inRange(goAtoi(high!), start, max) !== undefined;
  });
}

/** Go's strconv.Atoi on a 64-bit machine: an optional sign, then decimal digits. */
function goAtoi(text: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(text) ? Number(text) : undefined;
}

function inRange(value: number | undefined, min: number, max: number): number | undefined {
  return value !== undefined && value >= min && value <= max ? value : undefined;
}
