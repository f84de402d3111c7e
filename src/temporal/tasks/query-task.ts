import type { Client } from '@temporalio/client';
import { progressQuery } from '../../contract/progress';
import type { TaskRegistry } from '../../tasks/registry';
import { withinCallDeadline } from '../deadlines';
import { NoWorker, QueryNotDeclared } from '../store-errors';
import type { LoadedTask } from './load-task';
import { taskTypeOf } from './task-type-of';

/**
 * Asks a task (`loaded` for reading) a query its task type declares (every task answers
 * `progress`) and answers what its workflow returned. A query the type does not declare is
 * {@link QueryNotDeclared}; no answer within the call deadline is {@link NoWorker}, with the
 * failure as its cause.
 */
export async function queryTask(client: Client, registry: TaskRegistry, loaded: LoadedTask, name: string): Promise<unknown> {
  const id = loaded.taskId;
  const declared = name === progressQuery.name || (taskTypeOf(registry, loaded)?.queries ?? []).includes(name);
  if (!declared) throw new QueryNotDeclared(id, name);
  try {
    return await withinCallDeadline(client, () => loaded.handle.query(name));
  } catch (error) {
    const queue = loaded.description.taskQueue;
    throw new NoWorker(id, queue, `no worker answered the query "${name}" in time; is a worker serving queue ${queue}?`, { cause: error });
  }
}
