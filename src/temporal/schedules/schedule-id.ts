import { z } from 'zod';
import type { Caller } from '../caller';
import { ScopedIdTooLong } from '../store-errors';
import { scopesChosenIds, submitterScope } from '../tasks/task-id-scope';
import { TEMPORAL_MAX_ID_BYTES, utf8Bytes } from '../temporal-id';

/** Longest schedule id a client chooses, in characters. */
export const MAX_SCHEDULE_ID_LENGTH = 200;

/**
 * The longest Temporal schedule id, scope included, in UTF-8 bytes: Temporal's runs of it are the id
 * plus `-<start time>` (21 bytes), its own workflow `temporal-sys-scheduler:<id>`; both must fit its 1000.
 */
const MAX_SCOPED_SCHEDULE_ID_BYTES = TEMPORAL_MAX_ID_BYTES - 100;

/**
 * An id people type in a URL and a shell, and that Temporal visibility matches as a filter value
 * (SQLite visibility mishandles quotes and backslashes): the same characters as a task name.
 */
export const scheduleIdString = z
  .string()
  .min(1)
  .max(MAX_SCHEDULE_ID_LENGTH)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'must start with a letter or digit, then letters, digits and _ . : -');

/**
 * The Temporal schedule id of an id a client chose: the id itself for an admin, `<submitter>:<id>`
 * for a submitter, as for the task ids submitters choose, so that no submitter learns of or takes
 * another's. Throws {@link ScopedIdTooLong} when the scope makes it longer than Temporal takes.
 */
export function chosenScheduleId(caller: Caller, chosen: string): string {
  const scheduleId = scopesChosenIds(caller) ? `${submitterScope(caller.name)}${chosen}` : chosen;
  if (utf8Bytes(scheduleId) > MAX_SCOPED_SCHEDULE_ID_BYTES) {
    throw new ScopedIdTooLong(
      'schedule_id',
      `schedule_id: with the submitter's scope "${submitterScope(caller.name)}" before it, the id is over ${MAX_SCOPED_SCHEDULE_ID_BYTES} bytes`,
      `must fit in ${MAX_SCOPED_SCHEDULE_ID_BYTES} bytes with the submitter's scope`,
    );
  }
  return scheduleId;
}

/**
 * The Temporal schedule ids `typed` may stand for, in the order they are tried: within a
 * submitter's own scope first (the id it chose), then as a full id.
 */
export function scheduleIdCandidates(caller: Caller, typed: string): string[] {
  if (!scopesChosenIds(caller)) return [typed];
  const scoped = `${submitterScope(caller.name)}${typed}`;
  return utf8Bytes(scoped) <= TEMPORAL_MAX_ID_BYTES ? [scoped, typed] : [typed];
}
