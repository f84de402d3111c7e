import type { Command } from 'commander';
import { describeQueuePollers } from '../../temporal/queue-pollers';
import { commandContext, commandProject, configOption, withClient } from '../context';
import { queueList } from '../options';

/** `conveyor worker status`: who polls each queue, and when they last did, as Temporal sees it. */
export function registerWorkerStatusCommand(worker: Command): void {
  worker
    .command('status')
    .description('show the workers polling each queue (identity, last access), from Temporal')
    .option('--queues <a,b>', 'comma-separated queues to describe (default: every known queue)', queueList)
    .option('--json', 'print JSON')
    .addOption(configOption())
    .action(async (options: { queues?: string[]; json?: boolean; config?: string }) => {
      const queues = options.queues ?? (await commandProject(options)).registry.queues();
      const { settings } = commandContext('cli');
      const statuses = await withClient(settings, (client) => Promise.all(queues.map((queue) => describeQueuePollers(client, queue))));
      if (options.json) {
        console.log(JSON.stringify(statuses, null, 2));
        return;
      }
      for (const { queue, pollers } of statuses) {
        console.log(`${queue}: ${pollers.length === 0 ? 'no workers polling' : `${pollers.length} worker(s)`}`);
        for (const poller of pollers) {
          const seen = poller.lastAccessTime ? `${Math.max(0, Math.round((Date.now() - Date.parse(poller.lastAccessTime)) / 1000))}s ago` : 'never';
          console.log(`  ${poller.identity}  last access ${seen}  (${poller.kinds.join(', ')})`);
        }
      }
    });
}
