import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { mapConcurrently } from './map-concurrently';
import { visibilityQuery, type TaskFilter } from './visibility-query';
import { readWorkflowTaskFailure, type WorkflowTaskFailure } from './workflow-task-failure';

const DESCRIBE_CONCURRENCY = 10;
const GRPC_NOT_FOUND = 5;

export interface StuckTask {
  row: temporal.api.workflow.v1.IWorkflowExecutionInfo;
  failure: WorkflowTaskFailure;
}

/**
 * The running tasks `scope` matches whose workflow task keeps failing: visibility cannot tell
 * them, so each running task (at most `maxDescribes`) is described. `partial` says more were
 * running than were described. A task stuck from its first workflow task never recorded that it
 * started: visibility calls it queued, so queued tasks are looked at too.
 */
export async function findStuckTasks(client: Client, scope: Partial<TaskFilter>, maxDescribes: number): Promise<{ stuck: StuckTask[]; partial: boolean }> {
  const { namespace } = client.options;
  const page = await client.workflowService.listWorkflowExecutions({ namespace, query: visibilityQuery({ ...scope, statuses: ['queued', 'running'] }), pageSize: maxDescribes });
  const found = await mapConcurrently(page.executions ?? [], DESCRIBE_CONCURRENCY, async (row) => {
    const execution = { workflowId: row.execution?.workflowId ?? '', runId: row.execution?.runId ?? '' };
    try {
      const raw = await client.workflowService.describeWorkflowExecution({ namespace, execution });
      const failure = await readWorkflowTaskFailure(client, { ...execution, raw });
      return failure && { row, failure };
    } catch (error) {
      // Ended or deleted since visibility listed it: not stuck.
      if ((error as { code?: unknown }).code === GRPC_NOT_FOUND) return undefined;
      throw error;
    }
  });
  return { stuck: found.filter((task): task is StuckTask => task !== undefined), partial: (page.nextPageToken?.length ?? 0) > 0 };
}
