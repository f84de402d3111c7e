import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TaskRegistry } from '../../tasks/registry';
import { dateOf } from '../timestamp';

const { TaskQueueType, TaskQueueKind } = temporal.api.enums.v1;

/** The limits Conveyor asks of one queue: its task types' rate limits and the settings' fairness weights. */
export interface DeclaredQueueLimits {
  /** Activities per second on the whole queue (its task types' `rateLimit`). */
  rateLimit: number | undefined;
  /** Activities per second per fairness key, scaled by the key's weight (its task types' `keyRateLimit`). */
  keyRateLimit: number | undefined;
  /** Weight per fairness key (CONVEYOR_FAIRNESS_WEIGHTS). */
  weights: Readonly<Record<string, number>>;
}

/** A limit as Temporal holds it, with who set it last and why. */
export interface AppliedLimit {
  perSecond: number;
  reason: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** What Temporal's task-queue configuration holds for a queue. */
export interface AppliedQueueLimits {
  rateLimit: AppliedLimit | null;
  keyRateLimit: AppliedLimit | null;
  /** The weights of the activity queue (the workflow queue gets the same ones). */
  weights: Record<string, number>;
}

/**
 * A limit's reason when Conveyor set it: how `applyQueueLimits` knows a limit it may lift once no
 * task type declares it, where one an operator set by hand is left for them.
 */
const CONVEYOR_REASON_PREFIX = 'conveyor: ';

/** What the registry's task types and the settings' weights ask of each queue the registry knows. */
export function declaredQueueLimits(registry: TaskRegistry, weights: Readonly<Record<string, number>>, queue: string): DeclaredQueueLimits {
  const types = registry.list().filter((task) => task.queue === queue);
  // createRegistry refused two different limits on one queue: the first declared one is the queue's.
  return {
    rateLimit: types.find((task) => task.rateLimit)?.rateLimit?.perSecond,
    keyRateLimit: types.find((task) => task.keyRateLimit)?.keyRateLimit?.perSecond,
    weights,
  };
}

/**
 * Reads a queue's configuration from Temporal. Rate limits live on its activity queue (what an
 * activity's start waits for: the work that calls out), weights on both its queues.
 *
 * Temporal's matching service hands a change to the queue's partitions a moment after it
 * accepted it, so a read right after another client's change may still show the old values.
 * The writer itself knows the new ones: `changeQueueLimits` returns them.
 */
export async function readQueueLimits(client: Client, queue: string): Promise<AppliedQueueLimits> {
  const { config } = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: queue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    reportConfig: true,
  });
  return appliedLimits(config);
}

/** Where applied limits differ from declared ones: the names of the limits that drifted. */
export function queueLimitDrift(declared: DeclaredQueueLimits, applied: AppliedQueueLimits): ('rate_limit' | 'key_rate_limit' | 'fairness_weights')[] {
  const drift: ('rate_limit' | 'key_rate_limit' | 'fairness_weights')[] = [];
  if (!sameLimit(declared.rateLimit, applied.rateLimit)) drift.push('rate_limit');
  if (!sameLimit(declared.keyRateLimit, applied.keyRateLimit)) drift.push('key_rate_limit');
  if (Object.entries(declared.weights).some(([key, weight]) => !sameFloat(applied.weights[key], weight))) drift.push('fairness_weights');
  return drift;
}

/**
 * Makes Temporal's configuration of `queue` what Conveyor declares, changing only what differs:
 * sets declared limits and weights; lifts a limit no task type declares any more only if
 * Conveyor set it (an operator's own limit stays, and shows as drift). Returns what it changed.
 */
export async function applyQueueLimits(client: Client, queue: string, declared: DeclaredQueueLimits, identity: string): Promise<string[]> {
  const applied = await readQueueLimits(client, queue);
  const changes: string[] = [];
  const activityUpdate: Partial<temporal.api.workflowservice.v1.IUpdateTaskQueueConfigRequest> = {};
  const rate = limitUpdate(declared.rateLimit, applied.rateLimit, 'rateLimit');
  if (rate) {
    activityUpdate.updateQueueRateLimit = rate.update;
    changes.push(rate.change);
  }
  const keyRate = limitUpdate(declared.keyRateLimit, applied.keyRateLimit, 'keyRateLimit');
  if (keyRate) {
    activityUpdate.updateFairnessKeyRateLimitDefault = keyRate.update;
    changes.push(keyRate.change);
  }
  const weights = Object.fromEntries(Object.entries(declared.weights).filter(([key, weight]) => !sameFloat(applied.weights[key], weight)));
  if (Object.keys(weights).length > 0) changes.push(`fairness weights ${Object.entries(weights).map(([key, weight]) => `${key}=${weight}`).join(', ')}`);
  if (changes.length === 0) return changes;
  await updateQueueConfig(client, queue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY, identity, { ...activityUpdate, setFairnessWeightOverrides: weights });
  if (Object.keys(weights).length > 0) await updateQueueConfig(client, queue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, identity, { setFairnessWeightOverrides: weights });
  return changes;
}

/** An admin's change of a queue's flow control: a number sets a limit or weight, `null` lifts it. */
export interface QueueLimitsChange {
  rateLimit?: number | null;
  keyRateLimit?: number | null;
  weights?: Readonly<Record<string, number | null>>;
}

/**
 * Changes a queue's limits and weights in one update of its activity queue (and of its workflow
 * queue, for weights), and returns the configuration Temporal answered with: what the change made,
 * where a read right after it might not show it yet.
 */
export async function changeQueueLimits(client: Client, queue: string, change: QueueLimitsChange, identity: string): Promise<AppliedQueueLimits> {
  const limit = (perSecond: number | null) => ({ ...(perSecond === null ? {} : { rateLimit: { requestsPerSecond: perSecond } }), reason: `set by ${identity}` });
  const weights = change.weights ?? {};
  const weightUpdate = {
    setFairnessWeightOverrides: Object.fromEntries(Object.entries(weights).filter((entry): entry is [string, number] => entry[1] !== null)),
    unsetFairnessWeightOverrides: Object.keys(weights).filter((key) => weights[key] === null),
  };
  const config = await updateQueueConfig(client, queue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY, identity, {
    ...(change.rateLimit !== undefined ? { updateQueueRateLimit: limit(change.rateLimit) } : {}),
    ...(change.keyRateLimit !== undefined ? { updateFairnessKeyRateLimitDefault: limit(change.keyRateLimit) } : {}),
    ...(change.weights ? weightUpdate : {}),
  });
  if (change.weights) await updateQueueConfig(client, queue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, identity, weightUpdate);
  return appliedLimits(config);
}

async function updateQueueConfig(
  client: Client,
  queue: string,
  taskQueueType: temporal.api.enums.v1.TaskQueueType,
  identity: string,
  update: Partial<temporal.api.workflowservice.v1.IUpdateTaskQueueConfigRequest>,
): Promise<temporal.api.taskqueue.v1.ITaskQueueConfig | null | undefined> {
  const { config } = await client.workflowService.updateTaskQueueConfig({ namespace: client.options.namespace, identity, taskQueue: queue, taskQueueType, ...update });
  return config;
}

function appliedLimits(config: temporal.api.taskqueue.v1.ITaskQueueConfig | null | undefined): AppliedQueueLimits {
  return {
    rateLimit: appliedLimit(config?.queueRateLimit),
    keyRateLimit: appliedLimit(config?.fairnessKeysRateLimitDefault),
    weights: { ...(config?.fairnessWeightOverrides ?? {}) },
  };
}

function limitUpdate(
  declared: number | undefined,
  applied: AppliedLimit | null,
  option: string,
): { update: temporal.api.workflowservice.v1.UpdateTaskQueueConfigRequest.IRateLimitUpdate; change: string } | undefined {
  if (declared !== undefined) {
    if (sameLimit(declared, applied)) return undefined;
    return { update: { rateLimit: { requestsPerSecond: declared }, reason: `${CONVEYOR_REASON_PREFIX}${option} of the queue's task types` }, change: `${option} ${declared}/s` };
  }
  if (applied === null || !applied.reason?.startsWith(CONVEYOR_REASON_PREFIX)) return undefined;
  return { update: { reason: `${CONVEYOR_REASON_PREFIX}no task type declares ${option} any more` }, change: `${option} lifted` };
}

function appliedLimit(config: temporal.api.taskqueue.v1.IRateLimitConfig | null | undefined): AppliedLimit | null {
  const perSecond = config?.rateLimit?.requestsPerSecond;
  if (perSecond === undefined || perSecond === null) return null;
  return {
    perSecond,
    reason: config?.metadata?.reason || null,
    updatedBy: config?.metadata?.updateIdentity || null,
    updatedAt: dateOf(config?.metadata?.updateTime)?.toISOString() ?? null,
  };
}

function sameLimit(declared: number | undefined, applied: AppliedLimit | null): boolean {
  return declared === undefined ? applied === null : sameFloat(applied?.perSecond, declared);
}

/** Temporal stores rates and weights as 32-bit floats: 0.1 comes back as 0.10000000149. */
function sameFloat(applied: number | undefined, declared: number): boolean {
  return applied !== undefined && Math.abs(applied - declared) <= 1e-6 * Math.max(1, declared);
}
