import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { ApiError } from './errors';
import { mapBounded } from './map-bounded';

type WorkflowService = Client['workflowService'];

/**
 * The most running tasks one RETRY filter describes. Visibility cannot tell a retrying task from
 * another running one, so each candidate costs a describe call; past this bound the request is
 * refused (400 `filter_too_broad`), never answered from a part of the candidates.
 */
export const MAX_RETRY_CANDIDATES = 1000;

/** Describe calls under way at once for one request. */
const DESCRIBE_CONCURRENCY = 10;

const GRPC_NOT_FOUND = 5;

/**
 * The old clients' RETRY on Temporal: a running task with an activity past its first attempt (its
 * pending activity's `attempt` is above 1: the activity failed and is waiting for, or running, a retry).
 */
export function hasActivityRetrying(description: temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse): boolean {
  return (description.pendingActivities ?? []).some((activity) => (activity.attempt ?? 0) > 1);
}

/**
 * The run ids of the tasks `runningQuery` (a visibility query for running tasks) matches that are
 * retrying: candidates from visibility, then one describe each. A 400 naming the bound when more
 * than {@link MAX_RETRY_CANDIDATES} tasks match.
 */
export async function retryingRunIds(service: WorkflowService, namespace: string, runningQuery: string): Promise<string[]> {
  // Both reads settle before the request ends, as in GET /tasks itself.
  const [counted, listed] = await Promise.allSettled([
    service.countWorkflowExecutions({ namespace, query: runningQuery }),
    service.listWorkflowExecutions({ namespace, query: runningQuery, pageSize: MAX_RETRY_CANDIDATES }),
  ]);
  if (counted.status === 'rejected') throw counted.reason;
  if (listed.status === 'rejected') throw listed.reason;
  const running = Number(counted.value.count ?? 0);
  if (running > MAX_RETRY_CANDIDATES) throw tooManyCandidates(running);

  const executions = (listed.value.executions ?? []).flatMap(({ execution }) =>
    execution?.workflowId && execution.runId ? [{ workflowId: execution.workflowId, runId: execution.runId }] : [],
  );
  const retrying = await mapBounded(executions, DESCRIBE_CONCURRENCY, async (execution) => {
    try {
      return hasActivityRetrying(await service.describeWorkflowExecution({ namespace, execution }));
    } catch (error) {
      // Deleted since visibility listed it: not a task at all any more.
      if ((error as { code?: unknown }).code === GRPC_NOT_FOUND) return false;
      throw error;
    }
  });
  return executions.filter((_, index) => retrying[index]).map((execution) => execution.runId);
}

function tooManyCandidates(running: number): ApiError {
  const reason =
    `RETRY describes each running task to find the retrying ones, at most ${MAX_RETRY_CANDIDATES}, and ${running} match the other filters; ` +
    'narrow them with task_name, queue, submitter, created_after or created_before, or ask for STARTED (every running task)';
  return new ApiError(400, 'filter_too_broad', `status: ${reason}`, {
    fields: [{ field: 'querystring.status', message: reason }],
    running_tasks: running,
    max_running_tasks: MAX_RETRY_CANDIDATES,
  });
}
