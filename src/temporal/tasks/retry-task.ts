import type { Client } from '@temporalio/client';
import { effectivePriority } from '../../tasks/priority';
import type { TaskRegistry } from '../../tasks/registry';
import type { TaskStatus } from '../../tasks/status';
import { QUEUE_ATTRIBUTE } from '../../contract/search-attributes';
import type { Caller } from '../caller';
import { TaskNotRetryable } from '../store-errors';
import type { LoadedTask } from './load-task';
import { startTask, type StartedTask } from './start-task';
import { taskNameOf } from './task-name';
import { readTaskParameters } from './task-parameters';
import { statusOf } from './task-view';

/** Statuses a task may be retried from: it ended without a result. */
const RETRYABLE: ReadonlySet<TaskStatus> = new Set(['failed', 'timed_out', 'cancelled', 'terminated']);

/**
 * Retries a task that ended without a result (`loaded` for writing) as a new task: the same type,
 * queue and priority, with `params` (the old task's parameters when left out), checked and started
 * exactly as a submit by `caller` ({@link startTask}: the registry's errors for parameters the
 * type's schema refuses). The new task keeps the old one's id in its memo (`retry_of`). With an
 * `idempotencyKey`, a second retry under the same key finds the first one's task.
 */
export async function retryTask(
  client: Client,
  registry: TaskRegistry,
  loaded: LoadedTask,
  caller: Caller,
  params?: Record<string, unknown>,
  options: { idempotencyKey?: string } = {},
): Promise<StartedTask> {
  const { description, taskId } = loaded;
  const status = statusOf(description);
  if (!RETRYABLE.has(status)) throw new TaskNotRetryable(taskId, status, 'only a task that failed, timed out, was cancelled or terminated can be retried');
  const taskName = taskNameOf(description);
  if (taskName === null) throw new TaskNotRetryable(taskId, status, 'it records no task type to retry');
  const parameters = params ?? (await readTaskParameters(client, description));
  if (parameters === null) throw new TaskNotRetryable(taskId, status, 'its parameters cannot be read here; give them');
  return startTask(
    client,
    registry,
    {
      taskName,
      params: parameters,
      queue: description.typedSearchAttributes.get(QUEUE_ATTRIBUTE) ?? description.taskQueue,
      priority: description.raw.workflowExecutionInfo?.priority?.priorityKey ? effectivePriority(description.raw.workflowExecutionInfo.priority) : undefined,
      // A retry starts now, whatever the type's default: never collapsed into a debounce window.
      retryOf: taskId,
      // A bulk re-run's repeat of a page finds the task it started before.
      idempotencyKey: options.idempotencyKey,
    },
    caller,
  );
}
