import type { Client } from '@temporalio/client';
import { visibilityQuery, type TaskFilter } from './visibility-query';

/** How many tasks `filter` matches, counted by Temporal visibility (every submitter's: the caller is the platform). */
export async function countTasks(client: Client, filter: TaskFilter): Promise<number> {
  const { count } = await client.workflow.count(visibilityQuery(filter));
  return count;
}
