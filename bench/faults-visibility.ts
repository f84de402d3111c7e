import type { Client } from '@temporalio/client';
import { until } from '../test/helpers/until';

/** What Temporal's visibility holds for one queue: executions per workflow id, and their statuses. */
export interface QueueExecutions {
  total: number;
  /** Executions per workflow id (more than one would be a task that ran twice). */
  perId: Map<string, number>;
  notCompleted: number;
}

async function listQueue(client: Client, queue: string): Promise<QueueExecutions> {
  const perId = new Map<string, number>();
  let total = 0;
  let notCompleted = 0;
  for await (const execution of client.workflow.list({ query: `TaskQueue = '${queue}'` })) {
    total++;
    perId.set(execution.workflowId, (perId.get(execution.workflowId) ?? 0) + 1);
    if (execution.status.name !== 'COMPLETED') notCompleted++;
  }
  return { total, perId, notCompleted };
}

/**
 * Every execution Temporal started on `queue` (each scenario has a queue of its own), once
 * visibility has caught up: it is eventually consistent, so this reads until it holds at least
 * `expected` executions, all closed, and gives up after a minute (what it read last is the answer).
 */
export async function executionsOn(client: Client, queue: string, expected: number): Promise<QueueExecutions> {
  let last: QueueExecutions | undefined;
  try {
    return await until(
      async () => (last = await listQueue(client, queue)),
      (seen) => seen.total >= expected && seen.notCompleted === 0,
      { tries: 60, intervalMs: 1000 },
    );
  } catch {
    return last ?? (await listQueue(client, queue));
  }
}
