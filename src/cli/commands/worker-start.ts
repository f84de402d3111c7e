import type { Command } from 'commander';
import type * as ApiServer from '../../api/server';
import { handedOverPlacement, SERVE_API_ENV } from '../../dev/api-handover';
import type * as ProjectReport from '../../dev/project-report';
import { DEV_WORKER_METRICS_ENV, devWorkerMetricsPlacement } from '../../dev/worker-metrics-relay';
import type { Project } from '../../project/load-project';
import { awaitTemporalFromParent } from '../../dev/temporal-gate';
import type * as RunWorker from '../../worker/run-worker';
import { metricsPlacementFromSettings } from '../../worker/metrics-placement';
import { commandContext, commandProject, configOption } from '../context';
import { positiveInt, queueList } from '../options';

/** `conveyor worker start`: one Temporal worker per queue, drained on SIGTERM (or SIGINT, SIGHUP). */
export function registerWorkerStartCommand(worker: Command): void {
  worker
    .command('start')
    .description('run a worker process serving the given queues (default: every queue the registry knows)')
    .option('--queues <a,b>', 'comma-separated queues to serve', queueList)
    .option('--concurrency <n>', 'activities each queue runs at once', positiveInt)
    .addOption(configOption())
    .action(async (options: { queues?: string[]; concurrency?: number; config?: string }) => {
      const project = await commandProject(options);
      const { settings, log } = commandContext('worker');
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand, see main.ts
      const { runWorker, WORKER_STOP_SIGNALS } = require('../../worker/run-worker') as typeof RunWorker;
      if (process.send) {
        // Started by `conveyor dev`: stop when it goes away, however it went (kill -9 included). A
        // worker already draining (told to stop before that) drains on: a second SIGTERM would end
        // it at once (the SDK handles only the first), cutting its in-flight activities off.
        let stopAsked = false;
        // Off again at the first: past it, a signal must do what it did without this listener.
        const noteStop = (): void => {
          stopAsked = true;
          for (const signal of WORKER_STOP_SIGNALS) process.off(signal, noteStop);
        };
        for (const signal of WORKER_STOP_SIGNALS) process.on(signal, noteStop);
        process.once('disconnect', () => {
          if (!stopAsked) process.kill(process.pid, 'SIGTERM');
        });
        process.channel?.unref(); // the IPC channel alone must not keep a drained worker alive
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand, see main.ts
        const { reportProject } = require('../../dev/project-report') as typeof ProjectReport;
        reportProject(); // what to watch for changes
      }
      // Under `conveyor dev`, this process serves the Task API too (src/dev/api-handover.ts). An API
      // that cannot serve (its port taken, its settings refused) stops the worker as a Ctrl-C
      // would, and the command fails with its error.
      const apiFailure = process.send && process.env[SERVE_API_ENV] === '1' ? serveApiToo(project) : undefined;
      // Under `conveyor dev`, this process started beside the Temporal server: wait until it answers.
      if ((await awaitTemporalFromParent(WORKER_STOP_SIGNALS)) === 'up') {
        await runWorker(
          project,
          settings,
          {
            queues: options.queues ?? settings.worker.queues,
            concurrency: options.concurrency ?? settings.worker.concurrency,
            // Under `conveyor dev` the supervisor serves them on its port (src/dev/worker-metrics-relay.ts).
            metrics: process.send && process.env[DEV_WORKER_METRICS_ENV] === '1' ? devWorkerMetricsPlacement() : metricsPlacementFromSettings(settings.worker.metricsPort),
          },
          log,
        );
      }
      const failure = await apiFailure;
      if (failure) throw failure;
    });
}

/** Runs the Task API in this process; resolves once it has closed, with the error that ended it if one did. */
function serveApiToo(project: Project): Promise<unknown> {
  const { settings, log } = commandContext('api');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand, see api.ts: a worker alone carries no Fastify
  const { runApi } = require('../../api/server') as typeof ApiServer;
  return runApi(project, settings, log, handedOverPlacement()).then(
    () => undefined,
    (error: unknown) => {
      process.kill(process.pid, 'SIGTERM');
      return error;
    },
  );
}
