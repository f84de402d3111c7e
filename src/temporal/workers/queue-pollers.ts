import type { Client } from '@temporalio/client';
import { dateOf } from '../timestamp';
import { temporal } from '@temporalio/proto';

export interface Poller {
  identity: string;
  /** Which kinds of task this poller asked for on the queue. */
  kinds: ('workflow' | 'activity')[];
  lastAccessTime: string | undefined;
  ratePerSecond: number;
}

export interface QueuePollers {
  queue: string;
  pollers: Poller[];
}

const KINDS = [
  ['workflow', temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW],
  ['activity', temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY],
] as const;

/** The workers polling a queue, from Temporal's own task-queue description (not a guess). */
export async function describeQueuePollers(client: Client, queue: string): Promise<QueuePollers> {
  const byIdentity = new Map<string, Poller>();
  for (const [kind, taskQueueType] of KINDS) {
    const description = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: queue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType,
    });
    for (const poller of description.pollers ?? []) {
      const identity = poller.identity ?? 'unknown';
      const lastAccessTime = dateOf(poller.lastAccessTime)?.toISOString();
      const entry = byIdentity.get(identity) ?? { identity, kinds: [], lastAccessTime, ratePerSecond: 0 };
      entry.kinds.push(kind);
      if (lastAccessTime && (!entry.lastAccessTime || lastAccessTime > entry.lastAccessTime)) entry.lastAccessTime = lastAccessTime;
      entry.ratePerSecond = Math.max(entry.ratePerSecond, poller.ratePerSecond ?? 0);
      byIdentity.set(identity, entry);
    }
  }
  return { queue, pollers: [...byIdentity.values()] };
}
