import { Client } from '@temporalio/client';
import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { progressSignal } from '../workflows/progress';

/** The longest an activity's heartbeats are held back: a cancellation reaches it within about this long. */
const HEARTBEAT_THROTTLE = '2 seconds';

export interface WorkerPoolOptions {
  connection: NativeConnection;
  namespace: string;
  queues: string[];
  /** Activities each queue's worker runs at once. */
  concurrency: number;
  /** How long in-flight activities may run on after shutdown is requested, before they are cancelled. */
  shutdownGraceMs: number;
  workflowBundle: WorkflowBundleOption;
  /** Overrides for tests; production builds them from the connection. */
  activityDeps?: ActivityDeps;
}

/** One Temporal worker per queue, all sharing one connection, one bundle and one set of activities. */
export async function createWorkers(options: WorkerPoolOptions): Promise<Worker[]> {
  const deps = options.activityDeps ?? productionDeps(options.connection, options.namespace);
  const activities = createActivities(deps);
  return Promise.all(
    options.queues.map((taskQueue) =>
      Worker.create({
        connection: options.connection,
        namespace: options.namespace,
        taskQueue,
        workflowBundle: options.workflowBundle,
        activities,
        maxConcurrentActivityTaskExecutions: options.concurrency,
        shutdownGraceTime: options.shutdownGraceMs,
        // Heartbeats carry cancellation back to activities. The SDK would batch them for up to 80%
        // of the heartbeat timeout (8 s for example_long_running); a cancel should stop work sooner.
        maxHeartbeatThrottleInterval: HEARTBEAT_THROTTLE,
      }),
    ),
  );
}

function productionDeps(connection: NativeConnection, namespace: string): ActivityDeps {
  const client = new Client({ connection, namespace });
  return {
    async reportProgress(workflow, progress) {
      await client.workflow.getHandle(workflow.workflowId, workflow.runId).signal(progressSignal, progress);
    },
  };
}
