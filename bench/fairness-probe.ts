import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const { TaskQueueKind } = temporal.api.enums.v1;

/** Tasks the first key queues before the second key's one. */
const AHEAD = 100;
/** Every task is queued before the first poll: one answers at once. */
const POLL_DEADLINE_MS = 20_000;

/**
 * Reads back whether the server dispatches by fairness key, from what it does rather than from its
 * flags: on a queue of its own with no worker, `AHEAD` workflow tasks under key `A`, then one under
 * key `B`, are taken one by one with bare polls. In arrival order (fairness off) B's comes last, at
 * `AHEAD + 1`; with fairness on, near the front. Answers B's place; the probe's workflows
 * are terminated.
 */
export async function fairnessProbe(client: Client): Promise<number> {
  const queue = `fairness-probe-${randomUUID()}`;
  const ids: string[] = [];
  const start = async (fairnessKey: string): Promise<void> => {
    const workflowId = `probe-${fairnessKey}-${ids.length}-${randomUUID()}`;
    ids.push(workflowId);
    // No worker serves this queue: the type's name never has to exist.
    await client.workflow.start('fairnessProbe', { taskQueue: queue, workflowId, args: [], priority: { fairnessKey } });
  };
  try {
    for (let i = 0; i < AHEAD; i++) await start('A');
    await start('B');
    for (let place = 1; place <= AHEAD + 1; place++) {
      // The server refuses a long poll without a deadline.
      const polled = await client.withDeadline(Date.now() + POLL_DEADLINE_MS, () =>
        client.workflowService.pollWorkflowTaskQueue({
          namespace: client.options.namespace,
          taskQueue: { name: queue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          identity: 'bench-fairness-probe',
        }),
      );
      if (polled.workflowExecution?.workflowId?.startsWith('probe-B-')) return place;
    }
    throw new Error(`the probe's B task did not come within ${AHEAD + 1} polls`);
  } finally {
    await Promise.all(ids.map((id) => client.workflow.getHandle(id).terminate('fairness probe done').catch(() => undefined)));
  }
}

/**
 * What a probe's answer says: `on` when B's one task overtook nearly all of A's queue, `off` when
 * it overtook fewer than half. Never exactly first or last: the server hands out a backlog's tasks
 * a few places out of order either way (with 30 ahead, B came 2nd–5th with fairness on, 28th–31st
 * with it off, and once, on a busy machine, 22nd).
 */
export function probedMode(place: number): 'on' | 'off' | 'unclear' {
  if (place <= 10) return 'on';
  if (place > AHEAD / 2) return 'off';
  return 'unclear';
}

/** How many tasks the probe polls: A's and B's one. */
export const PROBE_TASKS = AHEAD + 1;
