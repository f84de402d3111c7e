import type { WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import { SUBMITTER_ATTRIBUTE } from '../contract/search-attributes';
import { assertMayAccess, type Principal } from './auth';
import type { ApiContext } from './context';

export interface LoadedTask {
  handle: WorkflowHandle;
  description: WorkflowExecutionDescription;
}

/**
 * Finds a task's latest run and checks the caller may `read` or `write` it. Unknown ids, and
 * other submitters' tasks for a submitter, answer 404 (WorkflowNotFoundError maps to it).
 */
export async function loadTask(ctx: ApiContext, taskId: string, principal: Principal, intent: 'read' | 'write'): Promise<LoadedTask> {
  const handle = ctx.client.workflow.getHandle(taskId);
  const description = await handle.describe();
  assertMayAccess(principal, taskId, description.typedSearchAttributes.get(SUBMITTER_ATTRIBUTE), intent);
  return { handle, description };
}
