import path from 'node:path';
import { makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { Settings } from '../config';
import type { Logger } from '../log';
import type { Project } from '../project/load-project';
import { connectClient, TemporalUnreachableError } from '../temporal/connect';
import { temporalTarget } from '../temporal/target';
import { fetchHistories, listRecentRuns, type RecentHistories, type RecentRun } from '../temporal/tasks/recent-histories';
import { replayHistories } from './replay-histories';
import { sdkLogger } from './sdk-logger';
import { loadWorkflowBundle } from './workflow-bundle';

export interface ReplayCheckOptions {
  /** The task types whose runs to replay. */
  taskNames: string[];
  since: Date;
  /** The most runs to replay, newest first. */
  sample: number;
}

/** What a replay check found. */
export interface ReplayCheckReport {
  /** The runs whose histories were replayed. */
  replayed: RecentRun[];
  /** Those the workflow bundle could not replay, with the SDK's reason (the first divergent command). */
  diverged: (RecentRun & { error: string })[];
  unfetched: RecentHistories['unfetched'];
}

/**
 * Replays the recent runs of the application's tasks in the namespace against the workflow bundle
 * a worker started now would run (CONVEYOR_WORKFLOW_BUNDLE, else the cached or freshly built one):
 * what `conveyor replay-check` reports, so a change that would break tasks in flight is caught
 * before it is deployed.
 */
export async function replayCheck(project: Project, settings: Settings, options: ReplayCheckOptions, log: Logger): Promise<ReplayCheckReport> {
  const target = temporalTarget(settings);
  const client = await connectClient(target).catch((error: unknown) => {
    throw new TemporalUnreachableError(target, error);
  });
  try {
    const runs = await listRecentRuns(client, { taskNames: options.taskNames, since: options.since, limit: options.sample });
    if (runs.length === 0) return { replayed: [], diverged: [], unfetched: [] };
    const { fetched, unfetched } = await fetchHistories(client, runs);
    if (fetched.length === 0) return { replayed: [], diverged: [], unfetched };
    const workflowBundle = await loadWorkflowBundle(
      project,
      { prebuiltPath: settings.worker.workflowBundlePath, cacheDir: path.join(settings.dataDir, 'cache') },
      log,
    );
    installReplayRuntime(log);
    const diverged = await replayHistories(workflowBundle, fetched);
    return {
      replayed: fetched.map(describeRun),
      diverged: diverged.map(({ run, error }) => ({ ...describeRun(run), error })),
      unfetched,
    };
  } finally {
    await client.connection.close();
  }
}

function describeRun({ taskId, runId, taskName }: RecentRun): RecentRun {
  return { taskId, runId, taskName };
}

/**
 * The SDK runtime the replayer runs on, its entries in our log (stderr), warnings up: the SDK core
 * warns of every workflow task it fails, which here is each divergence the report already names.
 * Installed only when there is something to replay: an installed runtime that never ran a worker
 * keeps the process from exiting.
 */
function installReplayRuntime(log: Logger): void {
  Runtime.install({
    logger: sdkLogger(log, 'WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} } },
  });
}
