import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { FilterTooBroad } from '../store-errors';
import { mapConcurrently } from './map-concurrently';
import { VISIBILITY_READ_MAX } from './visibility-page';

type WorkflowService = Client['workflowService'];

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
 * retrying: candidates from visibility, then one describe each. Visibility cannot tell a retrying
 * task from another running one, so each candidate costs a describe call: past `maxDescribes`
 * (CONVEYOR_LIST_MAX_DESCRIBES) the request is refused ({@link FilterTooBroad}) naming the bound, before any
 * describe, never answered from a part of the candidates.
 */
export async function retryingRunIds(service: WorkflowService, namespace: string, runningQuery: string, maxDescribes: number): Promise<string[]> {
  // Both reads settle before the request ends, as in GET /tasks itself.
  const [counted, listed] = await Promise.allSettled([
    service.countWorkflowExecutions({ namespace, query: runningQuery }),
    listCandidates(service, namespace, runningQuery, maxDescribes),
  ]);
  if (counted.status === 'rejected') throw counted.reason;
  if (listed.status === 'rejected') throw listed.reason;
  const running = Number(counted.value.count ?? 0);
  // Tasks may start between the count and the list: the bound holds for what would be described too.
  if (running > maxDescribes || listed.value.length > maxDescribes) throw tooManyCandidates(Math.max(running, listed.value.length), maxDescribes);

  const executions = listed.value;
  const retrying = await mapConcurrently(executions, DESCRIBE_CONCURRENCY, async (execution) => {
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

/** Up to `max` + 1 running executions (one more tells the bound was passed), in reads visibility allows. */
async function listCandidates(service: WorkflowService, namespace: string, query: string, max: number): Promise<{ workflowId: string; runId: string }[]> {
  const candidates: { workflowId: string; runId: string }[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const pageSize = Math.min(max + 1 - candidates.length, VISIBILITY_READ_MAX);
    const page = await service.listWorkflowExecutions({ namespace, query, pageSize, nextPageToken });
    for (const { execution } of page.executions ?? []) {
      if (execution?.workflowId && execution.runId) candidates.push({ workflowId: execution.workflowId, runId: execution.runId });
    }
    nextPageToken = page.nextPageToken && page.nextPageToken.length > 0 && (page.executions ?? []).length > 0 ? page.nextPageToken : undefined;
  } while (nextPageToken && candidates.length <= max);
  return candidates;
}

function tooManyCandidates(running: number, maxDescribes: number): FilterTooBroad {
  const reason =
    `RETRY describes each running task to find the retrying ones, at most ${maxDescribes} a request (CONVEYOR_LIST_MAX_DESCRIBES), and ${running} match the other filters; ` +
    'narrow them with task_name, queue, submitter, created_after or created_before, or ask for STARTED (every running task)';
  return new FilterTooBroad(reason, running, maxDescribes);
}
