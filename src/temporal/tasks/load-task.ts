import { WorkflowNotFoundError, type Client, type WorkflowExecutionDescription, type WorkflowHandle } from '@temporalio/client';
import { SUBMITTER_ATTRIBUTE } from '../../contract/search-attributes';
import { assertMayAccess, readsEveryTask, type Caller } from '../caller';
import { TaskNotFound } from '../store-errors';
import { debounceWindowOf } from './debounce-task';
import { findDebouncingTask } from './debouncing-task';
import { resolveTaskId } from './resolve-task-id';
import { ownScopedTaskId } from './task-id-scope';
import { holdsNul } from '../temporal-id';

export interface LoadedTask {
  /** The task's full id, whatever part of it the caller typed. */
  taskId: string;
  handle: WorkflowHandle;
  description: WorkflowExecutionDescription;
}

/**
 * Finds a task's latest run by its id, or by a unique prefix or suffix of its id among the tasks
 * the caller may see (the short id `tasks list` prints), or for a submitter by the `workflow_id` it
 * chose (its task's id is `<submitter>:<workflow_id>`), and checks the caller may `read` or
 * `write` it. A full id costs one describe and works the moment the task is submitted; anything
 * else is looked up in visibility ({@link resolveTaskId}). A debounced task waiting out its window
 * has no workflow yet: it is `TaskDebouncing` (a TaskNotFound that carries it). Unknown ids, and other submitters'
 * tasks for a submitter, are {@link TaskNotFound}; an ambiguous part of an id is `AmbiguousTaskId`, with the candidates.
 */
export async function loadTask(client: Client, typedId: string, caller: Caller, intent: 'read' | 'write'): Promise<LoadedTask> {
  // No task id holds a NUL (see holdsNul), and on PostgreSQL asking for one fails as UNAVAILABLE.
  if (holdsNul(typedId)) throw new TaskNotFound(typedId);
  // A submitter's chosen id first: the id it sent as `workflow_id` names its own task, whoever else uses it.
  const scopedId = ownScopedTaskId(caller, typedId);
  for (const fullId of scopedId === undefined ? [typedId] : [scopedId, typedId]) {
    const exact = await describeIfExists(client, fullId);
    if (exact && mayRead(caller, exact.description)) return checked(exact, caller, intent);
  }
  if (debounceWindowOf(typedId) !== undefined) {
    const debouncing = await findDebouncingTask(client, typedId);
    if (debouncing) {
      assertMayAccess(caller, debouncing.taskId, debouncing.pending.submitter, intent);
      throw debouncing;
    }
    // Its window may have started it since the describe above.
    const started = await describeIfExists(client, typedId);
    if (started && mayRead(caller, started.description)) return checked(started, caller, intent);
  }
  const taskId = await resolveTaskId(client, typedId, caller);
  const handle = client.workflow.getHandle(taskId);
  return checked({ taskId, handle, description: await handle.describe() }, caller, intent);
}

async function describeIfExists(client: Client, taskId: string): Promise<LoadedTask | undefined> {
  const handle = client.workflow.getHandle(taskId);
  try {
    return { taskId, handle, description: await handle.describe() };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/** A submitter may not see another's task: for it, that id is as good as unknown. */
function mayRead(caller: Caller, description: WorkflowExecutionDescription): boolean {
  return readsEveryTask(caller) || description.typedSearchAttributes.get(SUBMITTER_ATTRIBUTE) === caller.name;
}

function checked(task: LoadedTask, caller: Caller, intent: 'read' | 'write'): LoadedTask {
  assertMayAccess(caller, task.taskId, task.description.typedSearchAttributes.get(SUBMITTER_ATTRIBUTE), intent);
  return task;
}
