import type { Worker } from '@temporalio/worker';

/** What {@link runWorkers} needs of a worker (a Temporal `Worker`). */
export type RunnableWorker = Pick<Worker, 'run' | 'shutdown' | 'getState'>;

/**
 * Runs every worker until all have stopped. When one fails, the others are shut down (their
 * in-flight work drains, as on SIGTERM), and once all have stopped the first failure is thrown:
 * a process serving several queues never limps on with some of them, and the caller can close
 * the connection (which refuses while any worker still holds it).
 */
export async function runWorkers(workers: RunnableWorker[]): Promise<void> {
  let firstFailure: { error: unknown } | undefined;
  await Promise.all(
    workers.map((worker) =>
      worker.run().catch((error: unknown) => {
        firstFailure ??= { error };
        for (const other of workers) if (other.getState() === 'RUNNING') other.shutdown();
      }),
    ),
  );
  if (firstFailure) throw firstFailure.error;
}
