import { loadSettings, type Settings } from '../config';
import type { Logger } from '../log';
import type { Project } from '../project/load-project';
import { startDevServer, type DevServer } from '../temporal/dev-server/dev-server';
import { temporalTarget } from '../temporal/target';
import { spawnConveyor } from './child-process';
import { ApiPortHandover, SERVE_API_ENV } from './api-handover';
import { answerTemporalGate, AWAIT_TEMPORAL_ENV } from './temporal-gate';
import { reloadOnChange } from './reload-on-change';
import { superviseChildren } from './supervise-children';
import { mallocArenaEnv } from './malloc-arenas';
import { youngGenerationFlags } from './young-generation';
import { DEV_WORKER_METRICS_ENV, serveWorkerMetricsRelay } from './worker-metrics-relay';

export interface DevStackOptions {
  /** Restart the worker (and the API it serves) when the application's files change. */
  watch: boolean;
}

/**
 * `conveyor dev` (`npm start`): the Temporal dev server (unless TEMPORAL_ADDRESS names a
 * cluster) and, started beside it, a worker process serving every queue (it connects once the
 * server answers) and the Task API (src/dev/api-handover.ts), in one process tree with one log
 * stream; with `watch`, a new worker process whenever the application's code changes. A worker
 * that dies once it has served is started again ({@link superviseChildren}).
 * Resolves with the exit code once everything has stopped: after SIGINT/SIGTERM/SIGHUP (0), or when
 * the stack cannot go on (1: a child that fails to start, or keeps dying).
 */
export async function runDevStack(project: Project, settings: Settings, log: Logger, options: DevStackOptions): Promise<number> {
  let server: DevServer | undefined;
  // What a stop must end: also a server still starting when the signal comes (a terminal closed
  // during start-up), once it has started.
  let serverStarting: Promise<DevServer | undefined> = Promise.resolve(undefined);
  let stopWatching: (() => void) | undefined;
  let stopping: Promise<number> | undefined;
  let failed!: (code: Promise<number>) => void;
  const failure = new Promise<number>((resolve) => (failed = resolve));
  // Resolves once Temporal answers (the embedded server has started, or a cluster is named).
  let serverUp!: (up: Promise<unknown>) => void;
  const temporalUp = new Promise<unknown>((resolve) => (serverUp = resolve));
  temporalUp.catch(() => undefined); // a server that cannot start is reported where it is awaited

  // First thing: a metrics port that is taken (CONVEYOR_WORKER_METRICS_PORT) fails the start before anything runs.
  const metrics = await serveWorkerMetricsRelay(settings.worker.metricsPort ?? 0, () => children.current('worker')?.metricsPort());
  log.info(`worker metrics for Prometheus: http://127.0.0.1:${metrics.port}/metrics (the API's own at its /metrics)`);

  const apiPort = new ApiPortHandover();
  const children = superviseChildren({
    // The children load the same config file, whatever their working folder's discovery would find.
    spawn: (role) => {
      // The worker starts beside the Temporal server and connects once the server answers; it
      // serves the API on the port it is handed.
      const worker = spawnConveyor(
        role,
        ['worker', 'start', '--config', project.configFile],
        // Its SDK metrics on a loopback port of its own, which the relay above serves (worker-metrics-relay.ts).
        { [AWAIT_TEMPORAL_ENV]: '1', [SERVE_API_ENV]: '1', [DEV_WORKER_METRICS_ENV]: '1', CONVEYOR_WORKER_METRICS_PORT: '', ...mallocArenaEnv(process.env) },
        youngGenerationFlags(process.execArgv, process.env.NODE_OPTIONS),
      );
      answerTemporalGate(worker.process, temporalUp);
      apiPort.follow(worker.process);
      return worker;
    },
    graceMs: settings.worker.shutdownGraceMs + 5_000,
    backoffScale: settings.dev.restartBackoffScale,
    log,
    fail: () => failed(stopAll(1)),
  });
  const stopAll = (exitCode: number): Promise<number> => {
    stopping ??= (async () => {
      stopWatching?.();
      log.info('stopping: worker first (in-flight work drains), then Temporal');
      await children.stopAll();
      await (await serverStarting.catch(() => undefined))?.stop();
      await metrics.close();
      log.info('stopped');
      return exitCode;
    })();
    return stopping;
  };
  // Once the terminal has closed, every write to it fails (EIO): what cannot be shown is dropped,
  // rather than the error ending this process before it has stopped the others.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const signalled = new Promise<number>((resolve) => {
    // `on`, not `once`: a second signal (Ctrl-C reaches npm too, which passes it on) must not kill
    // the supervisor halfway through stopping its children; stopAll runs once however often it is asked.
    // SIGHUP (the terminal closed) too: Node's default would end this process at once, leaving the
    // Temporal server (its own process group, so the hangup never reaches it) running with no owner.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => resolve(stopAll(0)));
  });

  // The worker starts at once, beside the Temporal server: its own start-up (Node, the
  // application's config) overlaps the server's. Its API connects lazily; its worker waits for
  // the server (temporal-gate.ts).
  const worker = children.start('worker');
  children.serve(worker);
  if (options.watch) stopWatching = reloadOnChange(children, worker, log);

  if (settings.temporalMode === 'embedded') {
    const starting = startDevServer({
      dataDir: settings.dataDir,
      host: settings.devServer.host,
      port: settings.devServer.port,
      uiPort: settings.devServer.uiPort,
      namespace: settings.namespace,
      cliPath: settings.devServer.cliPath,
      durability: settings.devServer.durability,
      log,
    });
    serverStarting = starting;
    serverUp(starting);
    try {
      server = await starting;
    } catch (error) {
      await children.stopAll(); // the worker (and its API) started beside it
      await metrics.close();
      throw error;
    }
    // Once stopping (a Ctrl-C, or a worker that could not start), where the server listened is no news.
    if (!stopping) {
      log.info({ data: server.dbFile, durability: settings.devServer.durability, cli: server.route }, `Temporal dev server on ${server.address}`);
      log.info(`Temporal Web UI: ${server.uiUrl}`);
    }
  } else {
    serverUp(Promise.resolve());
    log.info(`using the Temporal cluster at ${temporalTarget(settings).address}; starting no server`);
  }

  if (stopping) return stopping; // stopped during start-up

  try {
    const ready = await Promise.race([Promise.all([worker.ready, worker.apiReady]), signalled]);
    if (!stopping && Array.isArray(ready)) {
      const apiUrl = ready[1];
      const temporal = server ? `Temporal ${server.address} (Web UI ${server.uiUrl})` : `Temporal ${temporalTarget(settings).address}`;
      log.info(`Conveyor is ready: API ${apiUrl} (docs ${apiUrl}/docs), ${temporal}. ${firstTaskHint(project, apiUrl)}`);
    }
  } catch (error) {
    log.error((error as Error).message);
  }
  return Promise.race([signalled, failure]);
}

/**
 * How to submit one of the application's own tasks (the built-in noop when it has none), ready to
 * paste: with CONVEYOR_API_URL when the API is not where a client would look by default.
 */
function firstTaskHint(project: Project, apiUrl: string): string {
  const tasks = project.registry.list().map((task) => task.name);
  const first = tasks.find((name) => name !== 'noop') ?? 'noop';
  const prefix = apiUrl === loadSettings({}).apiClient.url ? '' : `CONVEYOR_API_URL=${apiUrl} `;
  return `Task types: ${tasks.join(', ')} (\`${prefix}npx conveyor types\` shows their parameters). Submit one: ${prefix}npx conveyor submit ${first} --params '<json>' --wait`;
}
