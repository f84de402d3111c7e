import path from 'node:path';
import { Client } from '@temporalio/client';
import type { Settings } from '../config';
import type { Logger } from '../log';
import type { Project } from '../project/load-project';
import { createAlertActivities } from '../builtin/alert-activities';
import { createRerunActivities } from '../builtin/rerun-activities';
import { createSlotActivities } from '../builtin/slot-activities';
import { connectNative } from '../temporal/connect';
import { ensureSearchAttributes } from '../temporal/ensure-search-attributes';
import { temporalTarget } from '../temporal/target';
import { createWorkers } from './create-workers';
import { checkAlertSettings, startAlerter } from './start-alerter';
import { applyDeclaredLimits } from './apply-declared-limits';
import { serveWorkerHealth, type WorkerHealthEndpoint } from './health-endpoint';
import { installWorkerRuntime } from './metrics-exporter';
import type { WorkerMetricsPlacement } from './metrics-placement';
import { runWorkers, type RunnableWorker } from './run-workers';
import { sdkLogger } from './sdk-logger';
import { loadWorkflowBundle } from './workflow-bundle';
import { loadTracing, type Tracing } from '../tracing/load-tracing';
import { workerTracing } from './worker-tracing';

/**
 * The signals that stop the worker (its in-flight activities drain first): the SDK's own, and
 * SIGHUP, a closed terminal, which would otherwise end the process at once, cutting them off.
 */
export const WORKER_STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGQUIT', 'SIGUSR2', 'SIGHUP'];

/** The SDK reports every worker state change at INFO; show its own entries at that level only when asked for detail. */
function isVerbose(log: Logger): boolean {
  return log.level === 'debug' || log.level === 'trace';
}

export interface RunWorkerOptions {
  queues: string[] | undefined;
  concurrency: number;
  /** Where the SDK's metrics are exported for Prometheus; none when undefined. */
  metrics: WorkerMetricsPlacement | undefined;
}

/**
 * The worker process: serves its queues until SIGINT, SIGTERM or SIGHUP, then lets in-flight activities
 * finish (up to the shutdown grace period) and returns. Throws on fatal errors.
 */
export async function runWorker(project: Project, settings: Settings, options: RunWorkerOptions, log: Logger): Promise<void> {
  // The SDK's runtime shuts every worker down on those signals; route its logs (and the application's
  // workflow and activity `log` entries) into ours. Its metrics exporter, if any, listens from here on.
  await installWorkerRuntime({ logger: sdkLogger(log, isVerbose(log) ? undefined : 'WARN'), shutdownSignals: WORKER_STOP_SIGNALS }, options.metrics);

  // Up before the connection, so a probe finds 503 `starting` rather than nothing while the bundle loads.
  let workers: readonly RunnableWorker[] = [];
  const health: WorkerHealthEndpoint | undefined =
    settings.worker.healthPort === undefined ? undefined : await serveWorkerHealth(settings.worker.healthPort, () => workers);
  // Traces over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise nothing is set up.
  const tracing = loadTracing(settings.tracing, 'worker', log);
  try {
    await serveQueues(project, settings, options, log, (created) => (workers = created), tracing);
  } finally {
    await health?.close();
    await tracing?.flush();
  }
}

/** The application's activities and Conveyor's own (per-key concurrency's, bulk re-runs', alerts'), which every worker registers. */
function workerActivities(project: Project, settings: Settings, client: Client): ReturnType<Project['createActivities']> {
  return {
    ...project.createActivities({ client }),
    ...createSlotActivities({ client }),
    ...createRerunActivities({ client, registry: project.registry }),
    ...createAlertActivities({ client, settings: settings.alerts, maxDescribes: settings.api.listMaxDescribes }),
  };
}

/** Connects, creates one worker per queue (handing them to `onWorkers`) and runs them until they stop. */
async function serveQueues(
  project: Project,
  settings: Settings,
  options: RunWorkerOptions,
  log: Logger,
  onWorkers: (workers: readonly RunnableWorker[]) => void,
  tracing: Tracing | undefined,
): Promise<void> {
  const queues = options.queues ?? project.registry.queues();
  checkAlertSettings(project.registry, settings);
  const target = temporalTarget(settings);
  const connection = await connectNative(target);
  let failed = false;
  try {
    await ensureSearchAttributes(connection.operatorService, target.namespace, log);
    const client = new Client({ connection, namespace: target.namespace });
    await applyDeclaredLimits(client, project, settings, queues, log);
    const workflowBundle = await loadWorkflowBundle(
      project,
      { prebuiltPath: settings.worker.workflowBundlePath, cacheDir: path.join(settings.dataDir, 'cache'), tracing: tracing !== undefined },
      log,
    );
    const workers = await createWorkers({
      tracing: workerTracing(tracing, settings.worker.workflowBundlePath, log),
      connection,
      namespace: target.namespace,
      queues,
      concurrency: options.concurrency,
      shutdownGraceMs: settings.worker.shutdownGraceMs,
      workflowBundle,
      activities: workerActivities(project, settings, client),
      deployment: settings.worker.deployment,
    });
    onWorkers(workers);
    const running = runWorkers(workers);
    await startAlerter(client, settings, queues[0] ?? '', log);
    const version = settings.worker.deployment && { deploymentName: settings.worker.deployment.name, buildId: settings.worker.deployment.buildId };
    log.info({ address: target.address, namespace: target.namespace, queues, concurrency: options.concurrency, ...(version && { version }) }, 'worker ready');
    process.send?.({ type: 'ready' });
    await running;
    log.info('worker stopped: in-flight work drained');
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // A failure to close must not hide the error that stopped the workers.
    await connection.close().catch((error: unknown) => {
      if (!failed) throw error;
      log.warn({ err: error }, 'could not close the Temporal connection after the failure');
    });
  }
}
