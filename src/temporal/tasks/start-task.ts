import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client, type WorkflowHandle } from '@temporalio/client';
import { InvalidQueueError } from '../../tasks/errors';
import { QUEUE_NAME_PATTERN } from '../../tasks/queues';
import type { AnyTaskDefinition, Debounce, SubmitMode } from '../../tasks/define-task';
import { withTaskId, type TaskStartSpec } from '../../contract/task-start-spec';
import { debounceMs, debounceTask, type DebouncedTask } from './debounce-task';
import type { TaskRegistry } from '../../tasks/registry';
import { effectivePriority, PRIORITY_DEFAULT } from '../../tasks/priority';
import type { TaskStatus } from '../../tasks/status';
import { FAIRNESS_KEY_ATTRIBUTE, QUEUE_ATTRIBUTE, SUBMITTER_ATTRIBUTE, TASK_NAME_ATTRIBUTE } from '../../contract/search-attributes';
import type { Caller } from '../caller';
import { DebounceWithStartOptions, FairnessKeyNotAllowed, IdempotencyConflict, NoWorker, SingletonWithChosenId } from '../store-errors';
import { CONCURRENCY_MEMO, RATE_LIMITED_MEMO, type ConcurrencyMemo } from '../../contract/flow-control';
import { fairnessKeyOf, flowKeyOf } from '../../tasks/flow-keys';
import { RETRY_OF_MEMO } from './run-links';
import { chosenTaskId } from './task-id-scope';
import { statusOf } from './task-view';
import { activeTraceId, TRACE_ID_MEMO } from './trace-id';

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
  /** The fairness key to run under instead of the task type's or the submitter's: admins only. */
  fairnessKey?: string | undefined;
  /** `singleton`: answer the running task of this type with the same key instead of starting another. The task type's default when absent. */
  mode?: SubmitMode | undefined;
  /** Collapse it with other submits of its type and key within a window (see {@link debounceOf}). */
  debounce?: Debounce | undefined;
  /** The task this one retries (POST /tasks/{id}/retry), kept in its memo. */
  retryOf?: string | undefined;
}

/** Memo key holding the hash of the request that started a task (idempotent submits). */
export const REQUEST_HASH_MEMO = 'conveyor_request_hash';

/** Memo key holding a singleton start's own nonce: the start finds out whether it met another's run. */
const SINGLETON_START_MEMO = 'conveyor_singleton_start';

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
  /** The fairness key it takes its share of the queue under. */
  fairnessKey: string;
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
  if (request.fairnessKey !== undefined && caller.role !== 'admin') throw new FairnessKeyNotAllowed(caller.role);
  const fairnessKey = fairnessKeyOf(task, params, submitter, request.fairnessKey);
  const mode = request.mode ?? task.mode ?? 'start';
  const chosen = request.chosenId === undefined ? undefined : chosenTaskId(caller, request.chosenId);
  const idempotentId = chosen ?? (request.idempotencyKey ? idempotencyKeyTaskId(submitter, request.idempotencyKey) : undefined);
  if (mode === 'singleton' && idempotentId !== undefined) throw new SingletonWithChosenId();
  // Only an idempotent start keeps its request's hash (nothing else reads it).
  // The submitter is part of the request, and of a submitter's chosen id or key: another client reusing an id or key never meets this task.
  // A priority or fairness key left out adds nothing to the hash: requests from before they existed keep theirs.
  const requestHash =
    idempotentId === undefined
      ? undefined
      : hash(JSON.stringify({ submitter, task_name: task.name, params, queue, delayMs, priority, fairness_key: request.fairnessKey }));
  const singletonId = mode === 'singleton' ? singletonTaskId(task.name, flowKeyOf(task, params, fairnessKey)) : undefined;
  const taskId = idempotentId ?? singletonId ?? `${task.name}-${randomUUID()}`;
  const answer = { taskId, taskName: task.name, queue, submitter, startDelayMs: delayMs, fairnessKey };
  const spec = taskStartSpec(valid, submitter, fairnessKey, priority);
  const memo: Record<string, unknown> = { ...spec.memo };
  if (idempotentId) memo[REQUEST_HASH_MEMO] = requestHash;
  if (request.retryOf !== undefined) memo[RETRY_OF_MEMO] = request.retryOf;
  // Only while tracing (the API's submit span): without it, the start is as it always was.
  const traceId = activeTraceId();
  if (traceId !== undefined) memo[TRACE_ID_MEMO] = traceId;
  // Tells this start apart from the running singleton it may meet: Temporal answers that one's run instead.
  const singletonStart = singletonId === undefined ? undefined : randomUUID();
  if (singletonStart) memo[SINGLETON_START_MEMO] = singletonStart;
  try {
    const handle = await client.workflow.start(task.name, {
      ...withTaskId(spec, taskId),
      startDelay: delayMs || undefined,
      ...(idempotentId ? { workflowIdReusePolicy: 'REJECT_DUPLICATE' as const } : {}),
      // A singleton's id is free again once its task ends; while it runs, the start answers it.
      ...(singletonId ? { workflowIdReusePolicy: 'ALLOW_DUPLICATE' as const, workflowIdConflictPolicy: 'USE_EXISTING' as const } : {}),
      memo: Object.keys(memo).length > 0 ? memo : undefined,
    });
    if (singletonStart) return await runningSingleton(handle, singletonStart, answer);
    return { outcome: 'started', ...answer, runId: handle.firstExecutionRunId, status: 'queued', priority: priority ?? PRIORITY_DEFAULT, handle };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError) || !idempotentId) throw error;
  }
  const handle = client.workflow.getHandle(taskId);
  const description = await handle.describe();
  const recorded = (description.memo ?? {}) as Record<string, unknown>;
  if (recorded[REQUEST_HASH_MEMO] !== requestHash) throw new IdempotencyConflict(taskId);
  // The same hash: the same submitter, task, parameters, queue, delay and priority started this task.
  return {
    outcome: 'existing',
    ...answer,
    runId: description.runId,
    status: statusOf(description),
    priority: effectivePriority(description.raw.workflowExecutionInfo?.priority),
    fairnessKey: description.raw.workflowExecutionInfo?.priority?.fairnessKey || fairnessKey,
    handle,
  };
}

/**
 * How a task of a valid request starts, but its id: the workflow type is the task name (Temporal's
 * own tools and other SDKs see what clients submit), and its workflow tasks and, by inheritance,
 * every activity and child take their place in their queue's backlog by its priority key, and
 * their share of it under its fairness key. A debounced run starts from the same spec later.
 */
function taskStartSpec({ task, params, queue }: ValidTaskRequest, submitter: string, fairnessKey: string, priority: number | undefined): TaskStartSpec {
  const memo: Record<string, unknown> = {};
  if (task.rateLimit || task.keyRateLimit) memo[RATE_LIMITED_MEMO] = true;
  if (task.concurrency) memo[CONCURRENCY_MEMO] = { key: flowKeyOf(task, params, fairnessKey), limit: task.concurrency.perKey } satisfies ConcurrencyMemo;
  return {
    workflowType: task.name,
    taskQueue: queue,
    args: [params],
    workflowExecutionTimeout: task.executionTimeout,
    retry: task.retry,
    priority: { priorityKey: priority, fairnessKey },
    memo: Object.keys(memo).length > 0 ? memo : undefined,
    typedSearchAttributes: [
      { key: TASK_NAME_ATTRIBUTE, value: task.name },
      { key: QUEUE_ATTRIBUTE, value: queue },
      { key: SUBMITTER_ATTRIBUTE, value: submitter },
      { key: FAIRNESS_KEY_ATTRIBUTE, value: fairnessKey },
    ],
  };
}

/** A submit collapsed into its key's debounce window: the task that will run, and when it starts at the earliest. */
export interface DebouncedSubmit {
  outcome: 'debounced';
  taskId: string;
  taskName: string;
  queue: string;
  submitter: string;
  fairnessKey: string;
  priority: number;
  /** ISO time: the earliest the run starts (a later submit may move it, never past `maxWait` after the window's first). */
  runsAt: string;
  /** How many submits its window has collapsed so far, this one included. */
  submits: number;
}

/**
 * A submit's debouncing: the request's own, else the task type's unless the request names a mode
 * (`start`: a new task now; `singleton`: the running one or a new one now).
 */
export function debounceOf(task: AnyTaskDefinition, request: Pick<TaskRequest, 'debounce' | 'mode'>): Debounce | undefined {
  if (request.debounce !== undefined) return request.debounce;
  return request.mode === undefined ? task.debounce : undefined;
}

/**
 * Submits a task that waits out its debounce window ({@link debounceOf}): submits of its type,
 * submitter and key within the window collapse into one run with the last parameters (Conveyor's
 * debounce workflow, through Update-with-Start). Checked as `startTask` checks; a debounced
 * submit takes no chosen id, idempotency key, start delay or singleton mode.
 */
export async function debounceSubmittedTask(client: Client, registry: TaskRegistry, request: TaskRequest, caller: Caller, debounce: Debounce): Promise<DebouncedSubmit> {
  const valid = validateTaskRequest(registry, request);
  const { task, params, queue } = valid;
  if (request.fairnessKey !== undefined && caller.role !== 'admin') throw new FairnessKeyNotAllowed(caller.role);
  if (request.chosenId !== undefined || request.idempotencyKey !== undefined || request.delayMs || request.mode === 'singleton') throw new DebounceWithStartOptions();
  const fairnessKey = fairnessKeyOf(task, params, caller.name, request.fairnessKey);
  const spec = taskStartSpec(valid, caller.name, fairnessKey, request.priority);
  let debounced: DebouncedTask;
  try {
    debounced = await debounceTask(client, { spec, submitter: caller.name, key: flowKeyOf(task, params, fairnessKey), ...debounceMs(debounce) });
  } catch (error) {
    if (!(error instanceof WorkflowUpdateRPCTimeoutOrCancelledError)) throw error;
    // Submitting again is safe: a submit that reached the window after all collapses with the repeat.
    throw new NoWorker(task.name, queue, `no worker answered the debounce window of "${task.name}" in time; is a worker serving queue ${queue}?`, { cause: error });
  }
  return {
    outcome: 'debounced',
    taskId: debounced.taskId,
    taskName: task.name,
    queue,
    submitter: caller.name,
    fairnessKey,
    priority: request.priority ?? PRIORITY_DEFAULT,
    runsAt: debounced.runsAt,
    submits: debounced.submits,
  };
}

/**
 * What a singleton start met: the task it started, or (when Temporal answered another start's
 * run, still going) that one, with the key and fairness key it runs under.
 */
async function runningSingleton(handle: WorkflowHandle, start: string, answer: Omit<StartedTask, 'outcome' | 'runId' | 'status' | 'priority' | 'handle'>): Promise<StartedTask> {
  const description = await handle.describe();
  const memo = (description.memo ?? {}) as Record<string, unknown>;
  const info = description.raw.workflowExecutionInfo;
  return {
    outcome: memo[SINGLETON_START_MEMO] === start ? 'started' : 'existing',
    ...answer,
    submitter: description.typedSearchAttributes.get(SUBMITTER_ATTRIBUTE) ?? answer.submitter,
    fairnessKey: info?.priority?.fairnessKey || answer.fairnessKey,
    runId: description.runId,
    status: statusOf(description),
    priority: effectivePriority(info?.priority),
    handle,
  };
}

/**
 * The one id all singleton starts of a task type with a key share: Temporal then keeps at most one
 * of them running. Readable for a short plain key, else the key's hash.
 */
function singletonTaskId(taskName: string, key: string): string {
  const readable = /^[\w.:@-]{1,64}$/.test(key) ? key : hash(key).slice(0, 32);
  return `${taskName}-singleton-${readable}`;
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
