import { hostname } from 'node:os';
import type { Client } from '@temporalio/client';
import type { Settings } from '../config';
import type { Logger } from '../log';
import type { Project } from '../project/load-project';
import { applyQueueLimits, declaredQueueLimits } from '../temporal/queues/queue-limits';

/**
 * Applies to each queue this worker serves what Conveyor declares for it (its task types' rate
 * limits, the settings' fairness weights) through Temporal's task-queue configuration, before the
 * worker polls it. Every worker of a queue does it; only differences are written, so a fleet
 * starting together writes once or a few times, the same values.
 */
export async function applyDeclaredLimits(client: Client, project: Project, settings: Settings, queues: readonly string[], log: Logger): Promise<void> {
  const identity = `conveyor-worker:${process.pid}@${hostname()}`;
  for (const queue of queues) {
    try {
      const changes = await applyQueueLimits(client, queue, declaredQueueLimits(project.registry, settings.fairnessWeights, queue), identity);
      if (changes.length > 0) log.info({ queue, changes }, 'queue limits applied');
    } catch (error) {
      // A server that cannot take them (older than 1.29, or a role without the permission) still
      // runs the tasks: the worker serves, and GET /queues shows the limits as drift.
      log.error({ queue, err: error }, 'could not apply the queue limits: the queue runs without them (see `conveyor queues`)');
    }
  }
}
