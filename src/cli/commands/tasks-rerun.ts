import type { Command } from 'commander';
import { runBatchCommand, type BatchCommandOptions } from '../run-batch';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * `conveyor tasks rerun --filter ...`: every task the filter matches that ended without a result
 * goes again as a new task (as `conveyor tasks retry` does for one), as one bulk job, after a
 * confirmation that shows the count.
 */
export function registerTasksRerunCommand(tasks: Command): void {
  tasks
    .command('rerun')
    .description("re-run every task a filter matches that ended without a result, each as a new task with its parameters (the new task names the old one); one task: `tasks retry`")
    .requiredOption('--filter <key=value,...>', `GET /tasks's filters: status, task_name, queue, submitter, schedule_id, created_after, created_before, failure_type (repeatable)`, collect)
    .option('--reason <text>', 'why, recorded with the job')
    .option('--yes', 'no confirmation prompt')
    .option('--dry-run', 'only count the tasks it matches')
    .option('--no-wait', 'print the job id and leave the job to run')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExit codes: 0 the job re-ran every task; 1 declined at the prompt, or some tasks could not go again (each is named); 2 a bad filter, or not allowed.')
    .action(async (options: BatchCommandOptions) => {
      await runBatchCommand('rerun', options);
    });
}
