import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { FAIRNESS_KEY_ATTRIBUTE } from '../../contract/search-attributes';
import { visibilityQuery } from '../tasks/visibility-query';

const { TaskQueueType, TaskQueueKind } = temporal.api.enums.v1;

/** Temporal's own figures for one kind of task on a queue (approximate, as Temporal says). */
export interface BacklogStats {
  /** Tasks waiting for a worker. */
  count: number;
  /** How long the oldest of them has waited. */
  ageSeconds: number;
  /** Tasks added and dispatched per second, lately. */
  addRate: number;
  dispatchRate: number;
}

export interface QueueBacklog {
  workflow: BacklogStats;
  activity: BacklogStats;
  /** Queued tasks (no worker has taken them yet) per fairness key, most first. */
  byKey: { fairnessKey: string; queued: number }[];
  /** True when the queue holds more queued tasks than were counted per key. */
  byKeyPartial: boolean;
}

/** How many queued tasks the per-key count reads at most: one visibility page. */
const BY_KEY_LIMIT = 1000;

/**
 * A queue's backlog: Temporal's task-queue statistics per kind of task (it keeps none per
 * fairness key), and the queued tasks per fairness key from visibility (up to {@link BY_KEY_LIMIT}).
 */
export async function queueBacklog(client: Client, queue: string): Promise<QueueBacklog> {
  const [stats, byKey] = await Promise.all([queueBacklogStats(client, queue), queuedByKey(client, queue)]);
  return { ...stats, ...byKey };
}

/** Temporal's statistics of a queue's workflow tasks and activity tasks (no visibility scan: cheap enough for every scrape). */
export async function queueBacklogStats(client: Client, queue: string): Promise<Pick<QueueBacklog, 'workflow' | 'activity'>> {
  const [workflow, activity] = await Promise.all([
    backlogStats(client, queue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
    backlogStats(client, queue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY),
  ]);
  return { workflow, activity };
}

async function backlogStats(client: Client, queue: string, taskQueueType: temporal.api.enums.v1.TaskQueueType): Promise<BacklogStats> {
  const { stats } = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: queue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType,
    reportStats: true,
  });
  const age = stats?.approximateBacklogAge;
  return {
    count: Number(stats?.approximateBacklogCount ?? 0),
    ageSeconds: Number(age?.seconds ?? 0) + (age?.nanos ?? 0) / 1e9,
    addRate: stats?.tasksAddRate ?? 0,
    dispatchRate: stats?.tasksDispatchRate ?? 0,
  };
}

async function queuedByKey(client: Client, queue: string): Promise<Pick<QueueBacklog, 'byKey' | 'byKeyPartial'>> {
  const counts = new Map<string, number>();
  let read = 0;
  for await (const execution of client.workflow.list({ query: visibilityQuery({ statuses: ['queued'], queue }), pageSize: BY_KEY_LIMIT })) {
    if (read === BY_KEY_LIMIT) return { byKey: sorted(counts), byKeyPartial: true };
    read += 1;
    // Tasks started without a key (before fairness keys, or outside Conveyor) share Temporal's unkeyed share, ''.
    const key = execution.typedSearchAttributes.get(FAIRNESS_KEY_ATTRIBUTE) ?? '';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { byKey: sorted(counts), byKeyPartial: false };
}

function sorted(counts: Map<string, number>): QueueBacklog['byKey'] {
  return [...counts].map(([fairnessKey, queued]) => ({ fairnessKey, queued })).sort((a, b) => b.queued - a.queued || a.fairnessKey.localeCompare(b.fairnessKey));
}
