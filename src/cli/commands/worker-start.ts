import type { Command } from 'commander';
import type * as ProjectReport from '../../dev/project-report';
import { awaitTemporalFromParent } from '../../dev/temporal-gate';
import type * as RunWorker from '../../worker/run-worker';
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
        reportProject(project); // what to watch for changes, and whether the API must restart with this worker
      }
      // Under `conveyor dev`, this process started beside the Temporal server: wait until it answers.
      if ((await awaitTemporalFromParent(WORKER_STOP_SIGNALS)) === 'stopped') return;
      await runWorker(
        project,
        settings,
        { queues: options.queues ?? settings.worker.queues, concurrency: options.concurrency ?? settings.worker.concurrency },
        log,
      );
    });
}
