import type { Command } from 'commander';
import { taskApi } from '../context';
import { TASK_ID_HELP } from '../options';
import { UsageError } from '../usage-error';

interface CancelOptions {
  terminate?: boolean;
  reason?: string;
  json?: boolean;
}

/** `conveyor tasks cancel <id>`: asks a task to stop, or with --terminate ends it at once. */
export function registerTasksCancelCommand(tasks: Command): void {
  tasks
    .command('cancel')
    .description('request cancellation of a task (its activities learn it at their next heartbeat); --terminate ends it at once')
    .argument('<id>', TASK_ID_HELP)
    .option('--terminate', 'terminate instead: no cleanup runs in the task')
    .option('--reason <text>', 'why, recorded in the task history (with --terminate)')
    .option('--json', 'print the API answer as JSON')
    .addHelpText('after', '\nExit codes: 0 requested or terminated; 2 the task is unknown (or the id ambiguous), already ended, or not yours to cancel.')
    .action(async (id: string, options: CancelOptions) => {
      // Temporal's cancellation request carries no reason; only a termination records one.
      if (options.reason !== undefined && !options.terminate) throw new UsageError('--reason goes with --terminate (a cancellation request records no reason)');
      const body = await taskApi().cancel(id, { terminate: options.terminate, reason: options.reason });
      if (options.json) console.log(JSON.stringify(body, null, 2));
      else if (body.action === 'terminated') console.log(`terminated ${body.task_id}`);
      else console.log(`cancellation requested for ${body.task_id} (it was ${body.status}); follow it with \`conveyor tasks watch\``);
    });
}
