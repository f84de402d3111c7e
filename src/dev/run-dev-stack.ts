import type { Settings } from '../config';
import type { Logger } from '../log';
import type { Project } from '../project/load-project';
import { startDevServer, type DevServer } from '../temporal/dev-server';
import { temporalTarget } from '../temporal/target';
import { spawnConveyor, type ConveyorChild } from './child-process';

/**
 * `conveyor dev` (`npm start`): the Temporal dev server (unless TEMPORAL_ADDRESS names a
 * cluster), then a worker serving every queue and the Task API, in one process tree with one
 * log stream.
 * Resolves with the exit code once everything has stopped after SIGINT/SIGTERM.
 */
export async function runDevStack(project: Project, settings: Settings, log: Logger): Promise<number> {
  let server: DevServer | undefined;
  const children: ConveyorChild[] = [];
  let stopping: Promise<number> | undefined;

  const stopAll = (exitCode: number): Promise<number> => {
    stopping ??= (async () => {
      log.info('stopping: worker first (in-flight work drains), then Temporal');
      await Promise.all(children.map((child) => child.stop(settings.worker.shutdownGraceMs + 5_000)));
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

  // The children load the same config file, whatever their working folder's discovery would find.
  const config = ['--config', project.configFile];
  children.push(spawnConveyor('worker', ['worker', 'start', ...config]), spawnConveyor('api', ['api', ...config]));
  const unexpectedExit = Promise.race(
    children.map((child) =>
      child.exited.then(async (code) => {
        if (stopping) return stopping;
        log.error(`${child.name} exited unexpectedly (${code}); stopping everything`);
        return stopAll(1);
      }),
    ),
  );

  try {
    await Promise.race([Promise.all(children.map((child) => child.ready)), signalled]);
    if (!stopping) log.info(`Conveyor is ready. ${firstTaskHint(project)}`);
  } catch (error) {
    log.error((error as Error).message);
  }
  return Promise.race([signalled, unexpectedExit]);
}

/** How to submit one of the application's own tasks (the built-in noop when it has none). */
function firstTaskHint(project: Project): string {
  const tasks = project.registry.list().map((task) => task.name);
  const first = tasks.find((name) => name !== 'noop') ?? 'noop';
  return `Task types: ${tasks.join(', ')} (\`npx conveyor types\` shows their parameters). Submit one: npx conveyor submit ${first} --params '<json>' --wait`;
}
