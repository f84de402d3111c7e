import type { Client } from '@temporalio/client';
import { isTerminal, type TaskStatus } from '../../tasks/status';
import type { Caller } from '../caller';
import { PurgeNotAllowed, TaskStillRunning } from '../store-errors';
import type { LoadedTask } from './load-task';
import { statusOf } from './task-view';

/**
 * Asks Temporal to delete an ended task's run (`loaded` for writing) and answers the status it had.
 * Temporal deletes in the background: seconds, up to about a minute for a task that just ended.
 * Only admins purge ({@link PurgeNotAllowed}); a task still going is {@link TaskStillRunning}.
 */
export async function purgeTask(client: Client, loaded: LoadedTask, caller: Caller): Promise<TaskStatus> {
  if (caller.role !== 'admin') throw new PurgeNotAllowed(caller.role);
  const status = statusOf(loaded.description);
  if (!isTerminal(status)) throw new TaskStillRunning(loaded.taskId, status);
  await client.workflowService.deleteWorkflowExecution({
    namespace: client.options.namespace,
    workflowExecution: { workflowId: loaded.taskId, runId: loaded.description.runId },
  });
  return status;
}
