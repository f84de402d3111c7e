import { Worker, type NativeConnection, type WorkerOptions, type WorkflowBundleOption } from '@temporalio/worker';
import type { ActivityFunction } from '../project/load-project';
import { DEFAULT_TASK_VERSIONING, versioningBehavior } from '../tasks/versioning';

/** The longest an activity's heartbeats are held back: a cancellation reaches it within about this long. */
const HEARTBEAT_THROTTLE = '2 seconds';

export interface WorkerPoolOptions {
  /** Tracing's interceptors and sinks (src/worker/worker-tracing.ts); none without tracing. */
  tracing?: Pick<WorkerOptions, 'interceptors' | 'sinks'>;
  connection: NativeConnection;
  namespace: string;
  queues: string[];
  /** Activities each queue's worker runs at once. */
  concurrency: number;
  /** How long in-flight activities may run on after shutdown is requested, before they are cancelled. */
  shutdownGraceMs: number;
  workflowBundle: WorkflowBundleOption;
  activities: Record<string, ActivityFunction>;
  /** The Worker Deployment version every worker polls as (Worker Versioning); unversioned when undefined. */
  deployment?: { name: string; buildId: string } | undefined;
}

/** Creates one worker; `Worker.create` unless a test stands in for it. */
export type CreateWorker = (options: WorkerOptions) => Promise<Worker>;

/**
 * One Temporal worker per queue, all sharing one connection, one bundle and one set of activities.
 * If any of them cannot be created, the ones that were are released (a created worker holds a
 * reference to the connection until it has run) and the first creation error is thrown.
 */
export async function createWorkers(options: WorkerPoolOptions, create: CreateWorker = (o) => Worker.create(o)): Promise<Worker[]> {
  const settled = await Promise.allSettled(
    options.queues.map((taskQueue) =>
      create({
        ...options.tracing,
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
        ...(options.deployment && {
          workerDeploymentOptions: {
            useWorkerVersioning: true,
            version: { deploymentName: options.deployment.name, buildId: options.deployment.buildId },
            // Workflows whose function says nothing (a task type without `versioning`, a child
            // workflow) are pinned; Conveyor's own say otherwise (workflow-sources.ts).
            defaultVersioningBehavior: versioningBehavior(DEFAULT_TASK_VERSIONING),
          },
        }),
      }),
    ),
  );
  const created = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = settled.find((result) => result.status === 'rejected');
  if (!failure) return created;
  await releaseWorkers(created);
  throw failure.reason;
}

/** Lets workers that will never serve drop their hold on the connection: the SDK releases it when `run` ends. */
async function releaseWorkers(workers: Worker[]): Promise<void> {
  await Promise.allSettled(workers.map((worker) => worker.runUntil(Promise.resolve())));
}
