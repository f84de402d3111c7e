import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { InvalidQueueError } from '../../tasks/errors';
import { QUEUE_NAME_PATTERN } from '../../tasks/queues';
import type { AnyTaskDefinition } from '../../tasks/define-task';
import type { TaskRegistry } from '../../tasks/registry';
import { QUEUE_ATTRIBUTE, REVERSED_ID_ATTRIBUTE, reversedTaskId, SUBMITTER_ATTRIBUTE, TASK_NAME_ATTRIBUTE } from '../../contract/search-attributes';

export interface TaskRequest {
  taskName: string;
  params: unknown;
  /** Overrides the task's default queue. */
  queue?: string | undefined;
  /** The workflow id; a fresh `<task>-<uuid>` when absent. */
  taskId?: string | undefined;
  /** Who asks, recorded as a search attribute. */
  submitter: string;
  /** Start the work this much later (Temporal's start delay). */
  delay?: Duration | undefined;
  /** Temporal's priority key, 1 (first) to 5; Temporal's default (3) when absent. Its activities inherit it. */
  priority?: number | undefined;
  /**
   * Makes the id single-use: a second start with the same id fails with
   * WorkflowExecutionAlreadyStartedError even after the first run ended. The hash of the
   * request is kept in the memo so a repeat can be told apart from a conflicting request.
   */
  idempotency?: { requestHash: string } | undefined;
}

/** Memo key holding the hash of the request that started a task (idempotent submits). */
export const REQUEST_HASH_MEMO = 'conveyor_request_hash';

export interface StartedTask {
  taskId: string;
  runId: string;
  taskName: string;
  queue: string;
  handle: WorkflowHandle;
}

/** A request the registry accepted: its task, its parsed parameters and the queue it goes to. */
export interface ValidTaskRequest {
  task: AnyTaskDefinition;
  params: unknown;
  queue: string;
}

/**
 * Checks a request against the registry: the task exists, the parameters fit its schema
 * (defaults applied), the queue is one Temporal accepts. Throws the registry's named errors.
 */
export function validateTaskRequest(registry: TaskRegistry, request: Pick<TaskRequest, 'taskName' | 'params' | 'queue'>): ValidTaskRequest {
  const task = registry.get(request.taskName);
  const params = registry.parseParams(task.name, request.params);
  const queue = request.queue ?? task.queue;
  if (!QUEUE_NAME_PATTERN.test(queue)) throw new InvalidQueueError(queue);
  return { task, params, queue };
}

/**
 * Validates a request against the registry and starts its workflow. Throws the registry's
 * named errors (unknown task, invalid parameters, invalid queue) before anything is started.
 */
export async function startTask(client: Client, registry: TaskRegistry, request: TaskRequest): Promise<StartedTask> {
  return startValidTask(client, validateTaskRequest(registry, request), request);
}

/** Starts the workflow of a request {@link validateTaskRequest} accepted. */
export async function startValidTask(
  client: Client,
  { task, params, queue }: ValidTaskRequest,
  request: Pick<TaskRequest, 'taskId' | 'submitter' | 'delay' | 'priority' | 'idempotency'>,
): Promise<StartedTask> {
  const taskId = request.taskId ?? `${task.name}-${randomUUID()}`;
  // The workflow type is the task name: Temporal's own tools and other SDKs see what clients submit.
  const handle = await client.workflow.start(task.name, {
    taskQueue: queue,
    workflowId: taskId,
    args: [params],
    workflowExecutionTimeout: task.executionTimeout,
    retry: task.retry,
    startDelay: request.delay,
    // Workflow tasks and, by inheritance, every activity of the task take this place in their queue's backlog.
    priority: request.priority === undefined ? undefined : { priorityKey: request.priority },
    ...(request.idempotency
      ? { workflowIdReusePolicy: 'REJECT_DUPLICATE' as const, memo: { [REQUEST_HASH_MEMO]: request.idempotency.requestHash } }
      : {}),
    typedSearchAttributes: [
      { key: TASK_NAME_ATTRIBUTE, value: task.name },
      { key: QUEUE_ATTRIBUTE, value: queue },
      { key: SUBMITTER_ATTRIBUTE, value: request.submitter },
      { key: REVERSED_ID_ATTRIBUTE, value: reversedTaskId(taskId) },
    ],
  });
  return { taskId, runId: handle.firstExecutionRunId, taskName: task.name, queue, handle };
}
