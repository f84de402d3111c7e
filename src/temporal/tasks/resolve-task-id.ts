import type { Client } from '@temporalio/client';
import { readsEveryTask, type Caller } from '../caller';
import { AmbiguousTaskId, TaskNotFound, UnsearchableTaskId } from '../store-errors';
import { summarizeExecution, type TaskSummary } from './task-summary';
import { taskIdMatchQuery } from './visibility-query';

/** How many candidates an ambiguous id lists; more only says "more". */
const MAX_CANDIDATES = 10;
const GRPC_INVALID_ARGUMENT = 3;
/**
 * Characters a part of an id is never searched with; the whole id still finds its task. Nobody
 * types control characters, and SQLite visibility (the dev server's) mishandles these inside a
 * literal however escaped: a NUL fails the query (UNAVAILABLE, a 503), a `'` at either end is
 * dropped (a lone `'` matched every task), a backslash never matches. Quotes of both kinds stay out.
 */
const UNSEARCHABLE = /[\u0000-\u001f\u007f'"\\]/;

/**
 * The full id of the one task, among those `caller` may see, whose id starts or ends with
 * `typed` (the short id `tasks list` prints is the id's end). Visibility answers it, so a task
 * submitted a moment ago may not resolve yet; its full id always does, through the caller's
 * exact lookup. Throws {@link TaskNotFound} when no task matches and {@link AmbiguousTaskId} listing the candidates when several do.
 */
export async function resolveTaskId(client: Client, typed: string, caller: Caller): Promise<string> {
  if (UNSEARCHABLE.test(typed)) throw new TaskNotFound(typed);
  const query = taskIdMatchQuery(typed, readsEveryTask(caller) ? undefined : caller.name);
  const matches = await matchingTasks(client, query);
  const [only, ...others] = matches;
  if (!only) throw new TaskNotFound(typed);
  if (others.length === 0) return only.task_id;
  throw new AmbiguousTaskId(typed, matches.slice(0, MAX_CANDIDATES), matches.length > MAX_CANDIDATES);
}

/** Up to one more than {@link MAX_CANDIDATES} tasks matching `query`, one row per task id. */
async function matchingTasks(client: Client, query: string): Promise<TaskSummary[]> {
  const byId = new Map<string, TaskSummary>();
  try {
    for await (const execution of client.workflow.list({ query, pageSize: MAX_CANDIDATES + 1 })) {
      // An id reused after its task ended has several runs; the task is the newest, listed first.
      if (!byId.has(execution.workflowId)) byId.set(execution.workflowId, summarizeExecution(execution));
      if (byId.size > MAX_CANDIDATES) break;
    }
  } catch (error) {
    // Visibility refused the query its input made: a client mistake, never a 500.
    if (grpcCode(error) === GRPC_INVALID_ARGUMENT) throw new UnsearchableTaskId();
    throw error;
  }
  return [...byId.values()];
}

/** The gRPC status of a failed call: the client wraps it in a ServiceError whose cause carries it. */
function grpcCode(error: unknown): unknown {
  const failure = error as { code?: unknown; cause?: { code?: unknown } };
  return failure.cause?.code ?? failure.code;
}
