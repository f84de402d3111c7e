import type { Command } from 'commander';
import { runApi } from '../../api/server';
import { commandContext } from '../context';

/** `conveyor api`: the Task API server (also part of `npm start`). */
export function registerApiCommand(program: Command): void {
  program
    .command('api')
    .description('run the Task API (CONVEYOR_API_HOST:CONVEYOR_API_PORT)')
    .action(async () => {
      const { settings, log } = commandContext('api');
      if (process.send) {
        process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
        process.channel?.unref();
      }
      await runApi(settings, log);
    });
}
