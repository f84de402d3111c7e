import type { Caller } from '../caller';
import { ScopedIdTooLong } from '../store-errors';
import { TEMPORAL_MAX_ID_BYTES, utf8Bytes } from '../temporal-id';

/**
 * Where a submitter's chosen ids live: `<submitter>:` before the id, the name percent-encoded so
 * that it holds no `:` and two submitters never share a scope. Ids Conveyor generates end in a
 * random UUID or a hash (`<task>-<uuid>`, `idempotency-<hash>`): no one chooses them in advance.
 */
export function submitterScope(submitter: string): string {
  return `${encodeURIComponent(submitter)}:`;
}

/** A submitter's ids are its own; an admin's (everyone with CONVEYOR_AUTH=none) are global. */
export function scopesChosenIds(caller: Caller): boolean {
  return caller.role === 'submitter';
}

/**
 * The Temporal workflow id of a task id a client chose (`workflow_id`): the id itself for an
 * admin, `<submitter>:<id>` for a submitter, so that no submitter can learn of or take an id
 * another one uses or will use. Throws {@link ScopedIdTooLong} when the scope makes it longer than Temporal takes.
 */
export function chosenTaskId(caller: Caller, chosen: string): string {
  const taskId = scopesChosenIds(caller) ? `${submitterScope(caller.name)}${chosen}` : chosen;
  if (utf8Bytes(taskId) > TEMPORAL_MAX_ID_BYTES) {
    throw new ScopedIdTooLong(
      'workflow_id',
      `workflow_id: with the submitter's scope "${submitterScope(caller.name)}" before it, the id is over Temporal's ${TEMPORAL_MAX_ID_BYTES} bytes`,
      `must fit in ${TEMPORAL_MAX_ID_BYTES} bytes with the submitter's scope`,
    );
  }
  return taskId;
}

/** The full id `typed` stands for in `caller`'s own scope, when it has one and the id fits. */
export function ownScopedTaskId(caller: Caller, typed: string): string | undefined {
  if (!scopesChosenIds(caller)) return undefined;
  const taskId = `${submitterScope(caller.name)}${typed}`;
  return utf8Bytes(taskId) <= TEMPORAL_MAX_ID_BYTES ? taskId : undefined;
}
