import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { decisionUpdate } from '../../contract/decision';
import { RERUN_PROGRESS_MEMO, RERUN_WORKFLOW_TYPE, rerunProgressOf, type RerunFailure, type RerunJob, type RerunProgress } from '../../contract/rerun';
import type { TaskRegistry } from '../../tasks/registry';
import type { Caller } from '../caller';
import { BatchJobNotFound, BatchJobsBusy, BatchSignalNeedsTaskName, InvalidSignalPayload, ReadOnlyCaller, SignalNotDeclared } from '../store-errors';
import { dateOf } from '../timestamp';
import { scopedTaskFilter, type TaskFilterRequest } from './list-tasks';
import { visibilityQuery } from './visibility-query';

const { BatchOperationState } = temporal.api.enums.v1;

/**
 * What a bulk action does to every task its filter matches: cancel, terminate and signal through
 * Temporal's batch operations; rerun (a new task per old one) through a job workflow of Conveyor's
 * own, since Temporal's batch operations act on existing workflows only.
 */
export type BatchAction = 'cancel' | 'terminate' | 'signal' | 'rerun';

export interface BatchRequest {
  filter: TaskFilterRequest;
  action: BatchAction;
  /** Recorded by Temporal with the job (and in each terminated task's history). */
  reason?: string | undefined;
  /** The signal a `signal` action sends, checked against what the filter's task type declares. */
  signal?: { name: string; payload?: unknown } | undefined;
}

/** A bulk action's job, as Temporal's DescribeBatchOperation tells it. */
export interface BatchJob {
  jobId: string;
  action: string;
  state: 'running' | 'completed' | 'failed';
  /** Tasks the job found to act on (0 until Temporal has counted them). */
  total: number;
  completed: number;
  failed: number;
  startedAt: string | null;
  closedAt: string | null;
  reason: string;
  /** Who started it: the API caller's name. */
  startedBy: string | null;
  /** A re-run's latest failures: the task, and why it could not go again. */
  failures?: RerunFailure[];
}

/** Bulk jobs Conveyor starts have ids of this form, and Temporal records this identity for them. */
const JOB_ID_PREFIX = 'conveyor-batch-';
/** Re-run jobs are workflows of this id. */
const RERUN_JOB_ID_PREFIX = 'conveyor-rerun-';
const IDENTITY_PREFIX = 'conveyor-api:';

/**
 * The visibility query of a bulk action, scoped to what `caller` may act on (a submitter's filter
 * is forced to its own tasks), and how many tasks it matches now. `null` query: nothing can match.
 */
export async function countBatch(client: Client, caller: Caller, filter: TaskFilterRequest): Promise<{ query: string | null; count: number }> {
  const scoped = await scopedTaskFilter(client, caller, filter);
  if (scoped === null) return { query: null, count: 0 };
  const query = visibilityQuery(scoped);
  const { count } = await client.workflowService.countWorkflowExecutions({ namespace: client.options.namespace, query });
  return { query, count: Number(count ?? 0) };
}

/**
 * Starts a Temporal batch operation on every task the request's filter matches (as `countBatch`
 * scopes it); Temporal pages through the matches and acts on each at its own pace, so the API
 * never loops over tasks. Answers the job's id and the count at start.
 */
export async function startBatch(client: Client, registry: TaskRegistry, caller: Caller, request: BatchRequest): Promise<{ jobId: string | null; count: number; query: string | null }> {
  // Viewers read every task and change none.
  if (caller.role === 'viewer') throw new ReadOnlyCaller(caller.role);
  const signalInput = request.action === 'signal' ? checkedSignal(client, registry, request) : undefined;
  const { query, count } = await countBatch(client, caller, request.action === 'rerun' ? createdBeforeNow(request.filter) : request.filter);
  // Nothing can match (a RETRY filter found no retrying task): no job to start.
  if (query === null) return { jobId: null, count: 0, query };
  if (request.action === 'rerun') return startRerun(client, registry, caller, request, query, count);
  const jobId = `${JOB_ID_PREFIX}${randomUUID()}`;
  const identity = `${IDENTITY_PREFIX}${caller.name}`;
  const operation =
    request.action === 'cancel'
      ? { cancellationOperation: { identity } }
      : request.action === 'terminate'
        ? { terminationOperation: { identity } }
        : { signalOperation: { identity, ...signalInput } };
  try {
    await client.workflowService.startBatchOperation({
      namespace: client.options.namespace,
      jobId,
      visibilityQuery: query,
      reason: request.reason || `bulk ${request.action} by ${caller.name}`,
      ...operation,
    });
  } catch (error) {
    // Temporal runs a few batch jobs per namespace at once (frontend.MaxConcurrentBatchOperationPerNamespace).
    if ((error as { code?: number }).code === 8 /* RESOURCE_EXHAUSTED */ && /batch/i.test((error as Error).message)) throw new BatchJobsBusy({ cause: error });
    throw error;
  }
  return { jobId, count, query };
}

/**
 * A re-run's filter, bounded to tasks created before it starts: a new task that fails at once never
 * joins the tasks the job re-runs (nor its count).
 */
function createdBeforeNow(filter: TaskFilterRequest): TaskFilterRequest {
  const now = new Date();
  return { ...filter, createdBefore: filter.createdBefore && filter.createdBefore < now ? filter.createdBefore : now };
}

/**
 * Starts a re-run job on `query`'s tasks. It runs on the queue of the filter's task type (else the
 * first the registry names), where a worker serves Conveyor's own workflows.
 */
async function startRerun(client: Client, registry: TaskRegistry, caller: Caller, request: BatchRequest, query: string, count: number) {
  const jobId = `${RERUN_JOB_ID_PREFIX}${randomUUID()}`;
  const taskName = request.filter.taskName;
  // An API serving no task type has no task to re-run either: its count was 0, and the job ends at once.
  const queue = taskName !== undefined && registry.has(taskName) ? registry.get(taskName).queue : (registry.queues()[0] ?? 'conveyor');
  const job: RerunJob = {
    query,
    caller: { name: caller.name, role: caller.role },
    total: count,
    reason: request.reason || `bulk rerun by ${caller.name}`,
    started: 0,
    failed: 0,
    failures: [],
  };
  await client.workflow.start(RERUN_WORKFLOW_TYPE, { workflowId: jobId, taskQueue: queue, args: [job], memo: { [RERUN_PROGRESS_MEMO]: rerunProgressOf(job) } });
  return { jobId, count, query };
}

/** A bulk job's progress. A submitter follows only the jobs it started; any other id is {@link BatchJobNotFound}. */
export async function describeBatch(client: Client, caller: Caller, jobId: string): Promise<BatchJob> {
  if (jobId.startsWith(RERUN_JOB_ID_PREFIX)) return describeRerun(client, caller, jobId);
  if (!jobId.startsWith(JOB_ID_PREFIX)) throw new BatchJobNotFound(jobId);
  let described: temporal.api.workflowservice.v1.IDescribeBatchOperationResponse;
  try {
    described = await client.workflowService.describeBatchOperation({ namespace: client.options.namespace, jobId });
  } catch (error) {
    if ((error as { code?: number }).code === 5 /* NOT_FOUND */) throw new BatchJobNotFound(jobId);
    throw error;
  }
  const startedBy = described.identity?.startsWith(IDENTITY_PREFIX) ? described.identity.slice(IDENTITY_PREFIX.length) : null;
  if (caller.role === 'submitter' && startedBy !== caller.name) throw new BatchJobNotFound(jobId);
  return {
    jobId,
    action: batchActionName(described.operationType),
    state: described.state === BatchOperationState.BATCH_OPERATION_STATE_COMPLETED ? 'completed' : described.state === BatchOperationState.BATCH_OPERATION_STATE_FAILED ? 'failed' : 'running',
    total: Number(described.totalOperationCount ?? 0),
    completed: Number(described.completeOperationCount ?? 0),
    failed: Number(described.failureOperationCount ?? 0),
    startedAt: dateOf(described.startTime)?.toISOString() ?? null,
    closedAt: dateOf(described.closeTime)?.toISOString() ?? null,
    reason: described.reason ?? '',
    startedBy,
  };
}

/** A re-run job's progress, from its memo (a describe: no worker needed). */
async function describeRerun(client: Client, caller: Caller, jobId: string): Promise<BatchJob> {
  let description: WorkflowExecutionDescription;
  try {
    description = await client.workflow.getHandle(jobId).describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new BatchJobNotFound(jobId);
    throw error;
  }
  const progress = description.memo?.[RERUN_PROGRESS_MEMO] as RerunProgress | undefined;
  if (description.type !== RERUN_WORKFLOW_TYPE || !progress) throw new BatchJobNotFound(jobId);
  if (caller.role === 'submitter' && progress.caller.name !== caller.name) throw new BatchJobNotFound(jobId);
  const status = description.status.name;
  return {
    jobId,
    action: 'rerun',
    state: status === 'RUNNING' || status === 'CONTINUED_AS_NEW' ? 'running' : status === 'COMPLETED' ? 'completed' : 'failed',
    total: progress.total,
    completed: progress.started,
    failed: progress.failed,
    startedAt: description.startTime.toISOString(),
    closedAt: description.closeTime?.toISOString() ?? null,
    reason: progress.reason,
    startedBy: progress.caller.name,
    failures: progress.failures,
  };
}

/**
 * A bulk signal's input: only to tasks of one type (the filter names it), with a signal that type
 * declares and a payload its schema takes, as a single task's signal is checked.
 */
function checkedSignal(client: Client, registry: TaskRegistry, request: BatchRequest): { signal: string; input: temporal.api.common.v1.IPayloads } {
  const { signal } = request;
  const taskName = request.filter.taskName;
  if (!signal) throw new BatchSignalNeedsTaskName('signal');
  if (taskName === undefined || !registry.has(taskName)) throw new BatchSignalNeedsTaskName('task_name', taskName);
  const task = registry.get(taskName);
  const signals = task.signals ?? {};
  if (signal.name === decisionUpdate.name) throw new SignalNotDeclared(`tasks of ${task.name}`, signal.name, true);
  const schema = Object.hasOwn(signals, signal.name) ? signals[signal.name] : undefined;
  if (!schema) throw new SignalNotDeclared(`tasks of ${task.name}`, signal.name);
  const parsed = schema.safeParse(signal.payload);
  if (!parsed.success) {
    throw new InvalidSignalPayload(
      `tasks of ${task.name}`,
      signal.name,
      parsed.error.issues.map((issue) => ({ path: ['signal', 'payload', ...issue.path.map(String)], message: issue.message })),
    );
  }
  return { signal: signal.name, input: { payloads: [client.options.loadedDataConverter.payloadConverter.toPayload(parsed.data)] } };
}

function batchActionName(type: temporal.api.enums.v1.BatchOperationType | null | undefined): string {
  const { BatchOperationType } = temporal.api.enums.v1;
  switch (type) {
    // Servers before the *_WORKFLOW names answer the older ones.
    case BatchOperationType.BATCH_OPERATION_TYPE_CANCEL_WORKFLOW:
    case BatchOperationType.BATCH_OPERATION_TYPE_CANCEL:
      return 'cancel';
    case BatchOperationType.BATCH_OPERATION_TYPE_TERMINATE_WORKFLOW:
    case BatchOperationType.BATCH_OPERATION_TYPE_TERMINATE:
      return 'terminate';
    case BatchOperationType.BATCH_OPERATION_TYPE_SIGNAL_WORKFLOW:
    case BatchOperationType.BATCH_OPERATION_TYPE_SIGNAL:
      return 'signal';
    default:
      return 'other';
  }
}
