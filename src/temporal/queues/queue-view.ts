import type { Client } from '@temporalio/client';
import type { TaskRegistry } from '../../tasks/registry';
import { queueBacklog } from './queue-backlog';
import { declaredQueueLimits, queueLimitDrift, readQueueLimits, type AppliedLimit, type AppliedQueueLimits } from './queue-limits';

/**
 * GET /queues' view of one queue: limits declared and applied, drift, backlog. `known` is what a
 * change just made (Temporal's answer to it), which a fresh read might not show yet.
 */
export async function viewQueue(client: Client, registry: TaskRegistry, weights: Readonly<Record<string, number>>, queue: string, known?: AppliedQueueLimits) {
  const declared = declaredQueueLimits(registry, weights, queue);
  const [applied, backlog] = await Promise.all([known ?? readQueueLimits(client, queue), queueBacklog(client, queue)]);
  return {
    queue,
    task_types: registry
      .list()
      .filter((task) => task.queue === queue)
      .map((task) => task.name),
    rate_limit: { declared: declared.rateLimit ?? null, applied: limitView(applied.rateLimit) },
    key_rate_limit: { declared: declared.keyRateLimit ?? null, applied: limitView(applied.keyRateLimit) },
    fairness_weights: { declared: { ...declared.weights }, applied: applied.weights },
    drift: queueLimitDrift(declared, applied),
    changed_by: 'admin' as const,
    backlog: {
      workflow: statsView(backlog.workflow),
      activity: statsView(backlog.activity),
      by_key: backlog.byKey.map(({ fairnessKey, queued }) => ({ fairness_key: fairnessKey, queued })),
      by_key_partial: backlog.byKeyPartial,
    },
  };
}

function limitView(limit: AppliedLimit | null) {
  return limit && { per_second: limit.perSecond, reason: limit.reason, updated_by: limit.updatedBy, updated_at: limit.updatedAt };
}

function statsView(stats: { count: number; ageSeconds: number; addRate: number; dispatchRate: number }) {
  return { count: stats.count, age_seconds: stats.ageSeconds, add_rate: stats.addRate, dispatch_rate: stats.dispatchRate };
}
