import { loadSettings, type Settings } from '../config';
import type { Logger } from '../log';
import type { Project } from '../project/load-project';
import { startDevServer, type DevServer } from '../temporal/dev-server';
import { withoutCredentials } from '../client/url-credentials';
import { temporalTarget } from '../temporal/target';
import { spawnConveyor, type ConveyorChild } from './child-process';
import { reloadOnChange, type DevChildren } from './reload-on-change';

export interface DevStackOptions {
  /** Restart the worker (and the API) when the application's files change. */
  watch: boolean;
}

/**
 * `conveyor dev` (`npm start`): the Temporal dev server (unless TEMPORAL_ADDRESS names a
 * cluster), then a worker serving every queue and the Task API, in one process tree with one
 * log stream; with `watch`, a new worker (and API) whenever the application's code changes.
 * Resolves with the exit code once everything has stopped after SIGINT/SIGTERM.
 */
export async function runDevStack(project: Project, settings: Settings, log: Logger, options: DevStackOptions): Promise<number> {
  let server: DevServer | undefined;
  const live = new Set<ConveyorChild>(); // every child not yet ended: what a stop must end
  const serving = new Set<ConveyorChild>(); // the children whose end is unexpected
  let stopWatching: (() => void) | undefined;
  let stopping: Promise<number> | undefined;
  const childGraceMs = settings.worker.shutdownGraceMs + 5_000;

  const stopAll = (exitCode: number): Promise<number> => {
    stopping ??= (async () => {
      stopWatching?.();
      log.info('stopping: worker first (in-flight work drains), then Temporal');
      await Promise.all([...live].map((child) => child.stop(childGraceMs)));
      await server?.stop();
      log.info('stopped');
      return exitCode;
    })();
    return stopping;
  };
  const signalled = new Promise<number>((resolve) => {
    // `on`, not `once`: a second signal (Ctrl-C reaches npm too, which passes it on) must not kill
    // the supervisor halfway through stopping its children; stopAll runs once however often it is asked.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => resolve(stopAll(0)));
  });
  let exitedUnexpectedly!: (code: Promise<number>) => void;
  const unexpectedExit = new Promise<number>((resolve) => (exitedUnexpectedly = resolve));

  const children: DevChildren = {
    start(role) {
      // The children load the same config file, whatever their working folder's discovery would find.
      const args = role === 'worker' ? ['worker', 'start'] : ['api'];
      const child = spawnConveyor(role, [...args, '--config', project.configFile]);
      live.add(child);
      void child.exited.then((code) => {
        live.delete(child);
        if (stopping || !serving.delete(child)) return;
        log.error(`${child.name} exited unexpectedly (${code}); stopping everything`);
        exitedUnexpectedly(stopAll(1));
      });
      return child;
    },
    serve: (child) => void serving.add(child),
    retire(child) {
      serving.delete(child);
      return child.stop(childGraceMs);
    },
    stopping: () => stopping !== undefined,
  };

  if (settings.temporalMode === 'embedded') {
    server = await startDevServer({
      dataDir: settings.dataDir,
      host: settings.devServer.host,
      port: settings.devServer.port,
      uiPort: settings.devServer.uiPort,
      namespace: settings.namespace,
      cliPath: settings.devServer.cliPath,
      durability: settings.devServer.durability,
      log,
    });
    log.info({ data: server.dbFile, durability: settings.devServer.durability, cli: server.route }, `Temporal dev server on ${server.address}`);
    log.info(`Temporal Web UI: ${server.uiUrl}`);
  } else {
    log.info(`using the Temporal cluster at ${temporalTarget(settings).address}; starting no server`);
  }

  const worker = children.start('worker');
  const api = children.start('api');
  children.serve(worker);
  children.serve(api);
  if (options.watch) stopWatching = reloadOnChange(children, { worker, api }, log);

  try {
    const ready = await Promise.race([Promise.all([worker.ready, api.ready]), signalled]);
    if (!stopping && Array.isArray(ready)) {
      // Printed: never with the user and password CONVEYOR_API_URL may carry.
      const apiUrl = ready[1].url ?? withoutCredentials(settings.apiClient.url);
      const temporal = server ? `Temporal ${server.address} (Web UI ${server.uiUrl})` : `Temporal ${temporalTarget(settings).address}`;
      log.info(`Conveyor is ready: API ${apiUrl} (docs ${apiUrl}/docs), ${temporal}. ${firstTaskHint(project, apiUrl)}`);
    }
  } catch (error) {
    log.error((error as Error).message);
  }
  return Promise.race([signalled, unexpectedExit]);
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
