import type { Command } from 'commander';
import { taskApi } from '../context';
import { queueList } from '../options';

/** `conveyor worker status`: who polls each queue, and when they last did, as Temporal sees it (through the Task API's `/workers`). */
export function registerWorkerStatusCommand(worker: Command): void {
  worker
    .command('status')
    .description("show the workers polling each queue (identity, last access), through the Task API (CONVEYOR_API_URL)")
    .option('--queues <a,b>', "comma-separated queues to describe (default: every queue of the API's task types)", queueList)
    .option('--json', 'print JSON')
    .action(async (options: { queues?: string[]; json?: boolean }) => {
      const statuses = await taskApi().workers({ queues: options.queues });
      if (options.json) {
        console.log(JSON.stringify(statuses, null, 2));
        return;
      }
      for (const { queue, pollers } of statuses) {
        console.log(`${queue}: ${pollers.length === 0 ? 'no workers polling' : `${pollers.length} worker(s)`}`);
        for (const poller of pollers) {
          const seen = poller.last_access_time ? `${Math.max(0, Math.round((Date.now() - Date.parse(poller.last_access_time)) / 1000))}s ago` : 'never';
          console.log(`  ${poller.identity}  last access ${seen}  (${poller.kinds.join(', ')})`);
        }
      }
    });
}
