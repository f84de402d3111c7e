import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { InvalidQueueError } from '../../tasks/errors';
import { QUEUE_NAME_PATTERN } from '../../tasks/queues';
import type { AnyTaskDefinition } from '../../tasks/define-task';
import type { TaskRegistry } from '../../tasks/registry';
import { effectivePriority, PRIORITY_DEFAULT } from '../../tasks/priority';
import type { TaskStatus } from '../../tasks/status';
import { QUEUE_ATTRIBUTE, REVERSED_ID_ATTRIBUTE, reversedTaskId, SUBMITTER_ATTRIBUTE, TASK_NAME_ATTRIBUTE } from '../../contract/search-attributes';
import type { Caller } from '../caller';
import { IdempotencyConflict } from '../store-errors';
import { chosenTaskId } from './task-id-scope';
import { statusOf } from './task-view';

export interface TaskRequest {
  taskName: string;
  params: unknown;
  /** Overrides the task's default queue. */
  queue?: string | undefined;
  /**
   * The task id the caller chose (a submitter's is `<submitter>:<chosenId>`); a fresh
   * `<task>-<uuid>` when absent. A chosen id makes the start idempotent.
   */
  chosenId?: string | undefined;
  /** Makes the start idempotent without choosing the id: the id is derived from the caller and the key. */
  idempotencyKey?: string | undefined;
  /** Start the work this many milliseconds later (Temporal's start delay). */
  delayMs?: number | undefined;
  /** Temporal's priority key, 1 (first) to 5; Temporal's default (3) when absent. Its activities inherit it. */
  priority?: number | undefined;
}

/** Memo key holding the hash of the request that started a task (idempotent submits). */
export const REQUEST_HASH_MEMO = 'conveyor_request_hash';

/** The task a start answers: the one it started, or the one an identical idempotent request started before. */
export interface StartedTask {
  outcome: 'started' | 'existing';
  taskId: string;
  runId: string;
  taskName: string;
  queue: string;
  status: TaskStatus;
  /** The caller's name, recorded as the task's submitter. */
  submitter: string;
  startDelayMs: number;
  priority: number;
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
 * Starts a task for `caller`, checked against the registry first (the registry's named errors, or
 * `ScopedIdTooLong`, before anything starts). With a chosen id or an
 * idempotency key the start is idempotent: the id is single-use (Temporal refuses a second start
 * even after the first run ended) and the task keeps the request's hash, so a repeat of the same
 * request answers the task it started (`existing`) and a different request for the id is an
 * {@link IdempotencyConflict}.
 */
export async function startTask(client: Client, registry: TaskRegistry, request: TaskRequest, caller: Caller): Promise<StartedTask> {
  const valid = validateTaskRequest(registry, request);
  const { task, params, queue } = valid;
  const delayMs = request.delayMs ?? 0;
  const submitter = caller.name;
  const priority = request.priority;
  const chosen = request.chosenId === undefined ? undefined : chosenTaskId(caller, request.chosenId);
  const idempotentId = chosen ?? (request.idempotencyKey ? idempotencyKeyTaskId(submitter, request.idempotencyKey) : undefined);
  // Only an idempotent start keeps its request's hash (nothing else reads it).
  // The submitter is part of the request, and of a submitter's chosen id or key: another client reusing an id or key never meets this task.
  // A priority left out adds nothing to the hash: requests from before priorities existed keep theirs.
  const requestHash = idempotentId === undefined ? undefined : hash(JSON.stringify({ submitter, task_name: task.name, params, queue, delayMs, priority }));
  const taskId = idempotentId ?? `${task.name}-${randomUUID()}`;
  const answer = { taskId, taskName: task.name, queue, submitter, startDelayMs: delayMs };
  try {
    // The workflow type is the task name: Temporal's own tools and other SDKs see what clients submit.
    const handle = await client.workflow.start(task.name, {
      taskQueue: queue,
      workflowId: taskId,
      args: [params],
      workflowExecutionTimeout: task.executionTimeout,
      retry: task.retry,
      startDelay: delayMs || undefined,
      // Workflow tasks and, by inheritance, every activity of the task take this place in their queue's backlog.
      priority: priority === undefined ? undefined : { priorityKey: priority },
      ...(idempotentId ? { workflowIdReusePolicy: 'REJECT_DUPLICATE' as const, memo: { [REQUEST_HASH_MEMO]: requestHash } } : {}),
      typedSearchAttributes: [
        { key: TASK_NAME_ATTRIBUTE, value: task.name },
        { key: QUEUE_ATTRIBUTE, value: queue },
        { key: SUBMITTER_ATTRIBUTE, value: submitter },
        { key: REVERSED_ID_ATTRIBUTE, value: reversedTaskId(taskId) },
      ],
    });
    return { outcome: 'started', ...answer, runId: handle.firstExecutionRunId, status: 'queued', priority: priority ?? PRIORITY_DEFAULT, handle };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError) || !idempotentId) throw error;
  }
  const handle = client.workflow.getHandle(taskId);
  const description = await handle.describe();
  const memo = (description.memo ?? {}) as Record<string, unknown>;
  if (memo[REQUEST_HASH_MEMO] !== requestHash) throw new IdempotencyConflict(taskId);
  // The same hash: the same submitter, task, parameters, queue, delay and priority started this task.
  return {
    outcome: 'existing',
    ...answer,
    runId: description.runId,
    status: statusOf(description),
    priority: effectivePriority(description.raw.workflowExecutionInfo?.priority),
    handle,
  };
}

/**
 * The task id an idempotency key stands for. It depends on the submitter and the key only, not on
 * the task name, queue, delay or priority: a repeat that changes any of them meets the same id, so
 * Temporal refuses a second start and the request hash tells it apart (a conflict). Keys are scoped
 * to their submitter: one client's key never finds another's task. The id ends in the hash, so two
 * keys never share the short id.
 */
function idempotencyKeyTaskId(submitter: string, key: string): string {
  return `idempotency-${hash(`${submitter}\0${key}`).slice(0, 32)}`;
}

function hash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
