import { WorkflowNotFoundError, type WorkflowExecutionDescription, type WorkflowHandle } from '@temporalio/client';
import { SUBMITTER_ATTRIBUTE } from '../../contract/search-attributes';
import { assertMayAccess, readsEveryTask, type Principal } from '../../api/http/auth/authenticate';
import type { ApiContext } from '../../api/context';
import { taskNotFound } from '../../api/http/api-error';
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
 * else is looked up in visibility ({@link resolveTaskId}). Unknown ids, and other submitters'
 * tasks for a submitter, answer 404; an ambiguous part of an id, 409 with the candidates.
 */
export async function loadTask(ctx: ApiContext, typedId: string, principal: Principal, intent: 'read' | 'write'): Promise<LoadedTask> {
  // No task id holds a NUL (see holdsNul), and on PostgreSQL asking for one fails as UNAVAILABLE.
  if (holdsNul(typedId)) throw taskNotFound(typedId);
  // A submitter's chosen id first: the id it sent as `workflow_id` names its own task, whoever else uses it.
  const scopedId = ownScopedTaskId(principal, typedId);
  for (const fullId of scopedId === undefined ? [typedId] : [scopedId, typedId]) {
    const exact = await describeIfExists(ctx, fullId);
    if (exact && mayRead(principal, exact.description)) return checked(exact, principal, intent);
  }
  const taskId = await resolveTaskId(ctx, typedId, principal);
  const handle = ctx.client.workflow.getHandle(taskId);
  return checked({ taskId, handle, description: await handle.describe() }, principal, intent);
}

async function describeIfExists(ctx: ApiContext, taskId: string): Promise<LoadedTask | undefined> {
  const handle = ctx.client.workflow.getHandle(taskId);
  try {
    return { taskId, handle, description: await handle.describe() };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/** A submitter may not see another's task: for it, that id is as good as unknown. */
function mayRead(principal: Principal, description: WorkflowExecutionDescription): boolean {
  return readsEveryTask(principal) || description.typedSearchAttributes.get(SUBMITTER_ATTRIBUTE) === principal.name;
}

function checked(task: LoadedTask, principal: Principal, intent: 'read' | 'write'): LoadedTask {
  assertMayAccess(principal, task.taskId, task.description.typedSearchAttributes.get(SUBMITTER_ATTRIBUTE), intent);
  return task;
}
