import { ApplicationFailure } from '@temporalio/workflow';

/** The failure type of a task whose workflow returned a number JSON cannot carry. */
export const NON_FINITE_RESULT = 'NonFiniteResult';

/**
 * Where in `value` the first number that is not finite (NaN, ±Infinity) sits, as a path such as
 * `result.totals[2]`; `undefined` when every number is finite. Temporal's JSON payload converter
 * would turn such a number into `null`, so a result holding one would arrive silently wrong.
 */
export function nonFiniteNumberPath(value: unknown, path = 'result', seen = new Set<object>()): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (typeof value !== 'object' || value === null || seen.has(value) || ArrayBuffer.isView(value)) return undefined;
  seen.add(value);
  const entries = Array.isArray(value)
    ? value.map((item, index) => [`${path}[${index}]`, item] as const)
    : Object.entries(value).map(([key, item]) => [`${path}.${key}`, item] as const);
  for (const [itemPath, item] of entries) {
    const found = nonFiniteNumberPath(item, itemPath, seen);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Fails for good a result that holds a number JSON cannot carry, naming where it is. */
export function refuseNonFiniteResult(result: unknown): void {
  const path = nonFiniteNumberPath(result);
  if (path === undefined) return;
  throw ApplicationFailure.create({
    type: NON_FINITE_RESULT,
    message: `the workflow's ${path} is not a finite number (NaN or ±Infinity): JSON would carry it as null, so the task fails instead of completing with it`,
    nonRetryable: true,
  });
}
