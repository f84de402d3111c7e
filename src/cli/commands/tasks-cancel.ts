import type { Command } from 'commander';
import { taskApi } from '../context';
import { TASK_ID_HELP } from '../options';
import { runBatchCommand, type BatchCommandOptions } from '../run-batch';
import { UsageError } from '../usage-error';

interface CancelOptions extends Partial<BatchCommandOptions> {
  terminate?: boolean;
  reason?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * `conveyor tasks cancel <id>`: asks a task to stop, or with --terminate ends it at once.
 * `conveyor tasks cancel --filter ...`: the same for every task the filter matches, as one bulk
 * job (POST /tasks/batch), after a confirmation that shows the count.
 */
export function registerTasksCancelCommand(tasks: Command): void {
  tasks
    .command('cancel')
    .description('request cancellation of a task, or with --filter of every task a filter matches (its activities learn it at their next heartbeat); --terminate ends them at once')
    .argument('[id]', TASK_ID_HELP)
    .option('--terminate', 'terminate instead: no cleanup runs in the task')
    .option('--reason <text>', 'why, recorded in the task history (with --terminate) and with a bulk job')
    .option('--filter <key=value,...>', `every task matching GET /tasks's filters instead of one: status, task_name, queue, submitter, schedule_id, created_after, created_before, failure_type (repeatable)`, collect)
    .option('--yes', 'with --filter: no confirmation prompt')
    .option('--dry-run', 'with --filter: only count the tasks it matches')
    .option('--no-wait', 'with --filter: print the job id and leave the job to run (follow it with GET /tasks/batch/{job_id})')
    .option('--json', 'print the API answer as JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 requested or terminated (with --filter: the job completed on every task); 1 with --filter, declined at the prompt or the job failed on some tasks; 2 the task is unknown (or the id ambiguous), already ended, or not yours to cancel, or a bad filter.',
    )
    .action(async (id: string | undefined, options: CancelOptions) => {
      if (options.filter) {
        if (id !== undefined) throw new UsageError('give a task id or --filter, not both');
        await runBatchCommand(options.terminate ? 'terminate' : 'cancel', { ...options, filter: options.filter });
        return;
      }
      if (id === undefined) throw new UsageError('name a task id, or --filter to cancel every task a filter matches');
      if (options.yes || options.dryRun) throw new UsageError('--yes and --dry-run go with --filter');
      // Temporal's cancellation request carries no reason; only a termination records one.
      if (options.reason !== undefined && !options.terminate) throw new UsageError('--reason goes with --terminate (a cancellation request records no reason)');
      const body = await taskApi().cancel(id, { terminate: options.terminate, reason: options.reason });
      if (options.json) console.log(JSON.stringify(body, null, 2));
      else if (body.action === 'terminated') console.log(`terminated ${body.task_id}`);
      else console.log(`cancellation requested for ${body.task_id} (it was ${body.status}); follow it with \`conveyor tasks watch\``);
    });
}
