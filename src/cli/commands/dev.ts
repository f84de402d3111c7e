import type { Command } from 'commander';
import type * as DevStack from '../../dev/run-dev-stack';
import { commandContext, commandProject, configOption } from '../context';

/** `conveyor dev` (what `npm start` runs): the whole local stack in one process tree. */
export function registerDevCommand(program: Command): void {
  program
    .command('dev')
    .description('run the local stack: Temporal dev server (unless TEMPORAL_ADDRESS is set), a worker on every queue, and the Task API')
    .addOption(configOption())
    .option('--no-watch', "keep the worker as started: no restart when the application's code changes")
    .action(async (options: { config?: string; watch: boolean }) => {
      // A config that cannot load stops here, before anything starts.
      const project = await commandProject(options);
      const { settings, log } = commandContext('conveyor');
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand, see main.ts
      const { runDevStack } = require('../../dev/run-dev-stack') as typeof DevStack;
      process.exitCode = await runDevStack(project, settings, log, { watch: options.watch });
    });
}
