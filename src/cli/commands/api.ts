import type { Command } from 'commander';
import type * as ApiServer from '../../api/server';
import { commandContext, commandProject, configOption } from '../context';

/** `conveyor api`: the Task API server on its own (`npm start` runs the same API inside its worker process). */
export function registerApiCommand(program: Command): void {
  program
    .command('api')
    .description('run the Task API (CONVEYOR_API_HOST:CONVEYOR_API_PORT)')
    .addOption(configOption())
    .action(async (options: { config?: string }) => {
      const project = await commandProject(options);
      const { settings, log } = commandContext('api');
      if (process.send) {
        process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
        process.channel?.unref();
      }
      // Loaded here, not at the top: every other command (the worker above all) would otherwise
      // carry Fastify, Swagger UI and prom-client in its memory.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand, see above; import() would bypass CommonJS loading
      const { runApi } = require('../../api/server') as typeof ApiServer;
      await runApi(project, settings, log);
    });
}
