import { TASK_STATUSES, type TaskStatus } from '../../tasks/status';
import type { Vocabulary } from '../../vocabulary';

/**
 * The previous task system's wire vocabulary, the one place it exists: its clients (an admin page,
 * scripts) poll for these words, so the API can speak them at its edge. Everything inside Conveyor
 * speaks {@link TaskStatus} only.
 */

/** The status words the previous system answered with. */
export const LEGACY_STATUSES = ['queued', 'started', 'finished', 'failed', 'deferred', 'cancelled'] as const;
export type LegacyStatus = (typeof LEGACY_STATUSES)[number];

/**
 * Outward: what the previous system called each of Conveyor's statuses. It mapped Temporal's
 * RUNNING to `started`, COMPLETED to `finished`, FAILED and TIMED_OUT to `failed`, CANCELED and
 * TERMINATED to `cancelled`; `deferred` is never answered (Conveyor reports a delayed task as queued).
 */
const LEGACY_STATUS_OF: Record<TaskStatus, LegacyStatus> = {
  queued: 'queued',
  running: 'started',
  completed: 'finished',
  failed: 'failed',
  timed_out: 'failed',
  cancelled: 'cancelled',
  terminated: 'cancelled',
};

export function legacyStatus(status: TaskStatus): LegacyStatus {
  return LEGACY_STATUS_OF[status];
}

/** How the previous system's admin page labelled a status. */
export function legacyStatusDisplay(status: TaskStatus): string {
  const word = legacyStatus(status);
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * What a status filter can ask for: one of Conveyor's statuses, or `retrying`, a running task
 * with an activity past its first attempt (the old clients' RETRY).
 */
export type StatusFilterTerm = TaskStatus | 'retrying';

/**
 * Inward: the words the old clients filter by (its admin page sends Celery's PENDING, STARTED,
 * SUCCESS, FAILURE, RETRY, REVOKED; its scripts the old status words), read as Conveyor's statuses.
 * Conveyor's own names mean only themselves, except under the legacy vocabulary, where `failed`
 * and `cancelled` keep their old, wider meaning: a filter finds exactly the tasks it shows.
 */
const OLD_FILTER_WORDS: Record<string, readonly StatusFilterTerm[]> = {
  pending: ['queued'],
  deferred: ['queued'],
  started: ['running'],
  retry: ['retrying'],
  success: ['completed'],
  finished: ['completed'],
  failure: ['failed', 'timed_out'],
  revoked: ['cancelled', 'terminated'],
  canceled: ['cancelled'],
  timedout: ['timed_out'],
};

const LEGACY_ONLY_MEANINGS: Record<string, readonly StatusFilterTerm[]> = {
  failed: ['failed', 'timed_out'],
  cancelled: ['cancelled', 'terminated'],
  canceled: ['cancelled', 'terminated'],
};

/** Reads one status filter word, in any case; `undefined` if it names no status. */
export function parseStatusFilterWord(word: string, vocabulary: Vocabulary): readonly StatusFilterTerm[] | undefined {
  const key = word.trim().toLowerCase();
  // hasOwn: a plain lookup would answer `constructor`, `toString`... with Object.prototype's members.
  if (vocabulary === 'legacy' && Object.hasOwn(LEGACY_ONLY_MEANINGS, key)) return LEGACY_ONLY_MEANINGS[key];
  if ((TASK_STATUSES as readonly string[]).includes(key)) return [key as TaskStatus];
  return Object.hasOwn(OLD_FILTER_WORDS, key) ? OLD_FILTER_WORDS[key] : undefined;
}

/** The filter words, for the OpenAPI document and error messages. */
export const STATUS_FILTER_HELP =
  `Comma-separated, any case: ${TASK_STATUSES.join(', ')}; or the previous system's words: ` +
  'PENDING and DEFERRED (queued), STARTED (running), RETRY (running with an activity past its first attempt), ' +
  'SUCCESS and FINISHED (completed), FAILURE (failed or timed_out), REVOKED (cancelled or terminated). ' +
  'Under the legacy vocabulary FAILED also means timed_out and CANCELLED also terminated, as those tasks show.';
