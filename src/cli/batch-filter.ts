import type { TaskFilter } from '../client/create-client';
import { UsageError } from './usage-error';

/** The keys `--filter` takes: GET /tasks's filters, as the API names them. */
const FILTER_KEYS = ['status', 'task_name', 'queue', 'submitter', 'schedule_id', 'created_after', 'created_before', 'failure_type'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/**
 * Reads `--filter` values (`key=value`, comma-separated, the option repeatable) into the API's
 * filter. A part without `=` continues the value before it, so `status=failed,timed_out` is one
 * status list. An unknown key, a key given twice, or no `=` at all is a usage error naming it.
 */
export function parseBatchFilter(values: readonly string[]): TaskFilter {
  const filter: Partial<Record<FilterKey, string>> = {};
  let last: FilterKey | undefined;
  for (const part of values.flatMap((value) => value.split(','))) {
    const equals = part.indexOf('=');
    if (equals === -1) {
      if (last === undefined) throw new UsageError(`--filter: "${part}" is not key=value (keys: ${FILTER_KEYS.join(', ')})`);
      filter[last] = `${filter[last]},${part.trim()}`;
      continue;
    }
    const key = part.slice(0, equals).trim().replaceAll('-', '_');
    if (!(FILTER_KEYS as readonly string[]).includes(key)) throw new UsageError(`--filter: unknown key "${key}" (keys: ${FILTER_KEYS.join(', ')})`);
    if (filter[key as FilterKey] !== undefined) throw new UsageError(`--filter: ${key} is given twice`);
    const value = part.slice(equals + 1).trim();
    if (value === '') throw new UsageError(`--filter: ${key} has no value`);
    filter[key as FilterKey] = value;
    last = key as FilterKey;
  }
  if (Object.keys(filter).length === 0) throw new UsageError('--filter: name at least one of ' + FILTER_KEYS.join(', '));
  return filter;
}

/** The filter as the CLI shows it back: `key=value key=value`. */
export function describeBatchFilter(filter: TaskFilter): string {
  return Object.entries(filter)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
}
