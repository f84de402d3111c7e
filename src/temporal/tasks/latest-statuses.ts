import type { Client } from '@temporalio/client';
import type { TaskStatus } from '../../tasks/status';
import { summarizeExecution } from './task-summary';
import { latestRunsQuery } from './visibility-query';

/**
 * The status of each of these tasks, by id, from one Temporal visibility read: the latest run of
 * each (a task that continued as new is its last run). A task visibility has not indexed yet (one
 * started a moment ago) is missing from the answer.
 */
export async function latestStatuses(client: Client, taskIds: readonly string[]): Promise<Map<string, TaskStatus>> {
  const statuses = new Map<string, TaskStatus>();
  if (taskIds.length === 0) return statuses;
  for await (const execution of client.workflow.list({ query: latestRunsQuery(taskIds), pageSize: taskIds.length })) {
    // An id reused after its task ended has several runs; the task is the newest, listed first.
    if (!statuses.has(execution.workflowId)) statuses.set(execution.workflowId, summarizeExecution(execution).status);
  }
  return statuses;
}
