import type { Role } from '../config';
import { ReadOnlyCaller, TaskNotFound } from './store-errors';

/** Who asks the task store: its name (recorded as a task's submitter) and its role, which decide what it sees and may change. */
export interface Caller {
  name: string;
  role: Role;
}

/** Admins and viewers read every task; a submitter reads only its own. */
export function readsEveryTask(caller: Caller): boolean {
  return caller.role !== 'submitter';
}

/**
 * Ownership: admins act on every task; viewers read every task; submitters see and act on their
 * own tasks only, and someone else's task is not found, as if it did not exist. Schedules follow
 * the same rules, with their own not-found error (`notFound`).
 */
export function assertMayAccess(
  caller: Caller,
  id: string,
  submitter: string | undefined,
  intent: 'read' | 'write',
  notFound: (id: string) => Error = (taskId) => new TaskNotFound(taskId),
): void {
  if (caller.role === 'admin') return;
  if (caller.role === 'viewer') {
    if (intent === 'read') return;
    throw new ReadOnlyCaller(caller.role);
  }
  if (submitter !== caller.name) throw notFound(id);
}
