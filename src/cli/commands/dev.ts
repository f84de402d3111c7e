import type { Command } from 'commander';
import { runDevStack } from '../../dev/run-dev-stack';
import { commandContext } from '../context';

/** `conveyor dev` (what `npm start` runs): the whole local stack in one process tree. */
export function registerDevCommand(program: Command): void {
  program
    .command('dev')
    .description('run the local stack: Temporal dev server (unless TEMPORAL_ADDRESS is set) and a worker on every queue')
    .action(async () => {
      const { settings, log } = commandContext('conveyor');
      process.exitCode = await runDevStack(settings, log);
    });
}
