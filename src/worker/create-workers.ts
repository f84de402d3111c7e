import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import type { ActivityFunction } from '../project/load-project';

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
  activities: Record<string, ActivityFunction>;
}

/** One Temporal worker per queue, all sharing one connection, one bundle and one set of activities. */
export async function createWorkers(options: WorkerPoolOptions): Promise<Worker[]> {
  return Promise.all(
    options.queues.map((taskQueue) =>
      Worker.create({
        connection: options.connection,
        namespace: options.namespace,
        taskQueue,
        workflowBundle: options.workflowBundle,
        activities: options.activities,
        maxConcurrentActivityTaskExecutions: options.concurrency,
        shutdownGraceTime: options.shutdownGraceMs,
        // Heartbeats carry cancellation back to activities (and their progress to the API). The SDK
        // would batch them for up to 80% of the heartbeat timeout; a cancel should stop work sooner.
        maxHeartbeatThrottleInterval: HEARTBEAT_THROTTLE,
      }),
    ),
  );
}
