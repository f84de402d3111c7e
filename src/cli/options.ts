import { InvalidArgumentError } from 'commander';
import { durationMs as parseDurationMs } from '../duration';
import { isPriority, PRIORITY_HIGHEST, PRIORITY_LOWEST } from '../tasks/priority';

/** Commander parser for a positive whole number option. */
export function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return parsed;
}

/** Commander parser for a whole number option that may be 0 (an offset). */
export function nonNegativeInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be a whole number of at least 0');
  return parsed;
}

/** Commander parser for a task priority: Temporal's priority key, a whole number from 1 to 5. */
export function taskPriority(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !isPriority(parsed)) {
    throw new InvalidArgumentError(`must be a whole number from ${PRIORITY_HIGHEST} (runs first) to ${PRIORITY_LOWEST}`);
  }
  return parsed;
}

/** Commander parser for a comma-separated list of queue names. */
export function queueList(value: string): string[] {
  const queues = value.split(',').map((q) => q.trim()).filter(Boolean);
  if (queues.length === 0) throw new InvalidArgumentError('must name at least one queue');
  return queues;
}

/** Commander parser for a duration: `30s`, `5m`, `1h`, or a plain number of seconds (as the API's `?wait=`). */
export function durationMs(value: string): number {
  try {
    return parseDurationMs(value);
  } catch {
    throw new InvalidArgumentError('must be a duration such as 30s, 5m or 1h (a plain number is seconds)');
  }
}

/** Help for the `<id>` argument of the `tasks` commands: the API resolves any unique part at either end. */
export const TASK_ID_HELP = 'task id, or a unique prefix or suffix of it (the short id `tasks list` prints)';

/** Help for the `<id>` argument of the `schedule` commands: the id the caller chose, or its full `<submitter>:<id>`. */
export const SCHEDULE_ID_HELP = 'the schedule id you chose, or its full id';
