import { createHash } from 'node:crypto';

/** Keys shown as they are in a semaphore's id: short, and of characters that read well in one. */
const READABLE_KEY = /^[\w.@+=-]{1,64}$/;

/**
 * The workflow id of the semaphore for a task type and a key: `conveyor-slots/<task>/<key>`,
 * readable in Temporal's UI. A long key, or one with other characters, keeps a readable start and
 * ends in `~` and its hash, so two keys never share an id (a readable key has no `~`; a task name
 * has no `/`).
 */
export function semaphoreWorkflowId(taskName: string, key: string): string {
  const shown = READABLE_KEY.test(key) ? key : `${key.slice(0, 32).replace(/[^\w.@+=-]/g, '_')}~${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
  return `conveyor-slots/${taskName}/${shown}`;
}
