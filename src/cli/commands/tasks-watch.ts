import type { Command } from 'commander';
import { taskApi } from '../context';
import { followTask } from '../follow-task';
import { TASK_ID_HELP } from '../options';

/** `conveyor tasks watch <id>`: live progress from the API's event stream, then the outcome. */
export function registerTasksWatchCommand(tasks: Command): void {
  tasks
    .command('watch')
    .description('follow a task live (progress on stderr) until it ends, then print its result')
    .argument('<id>', TASK_ID_HELP)
    .option('--json', 'print the outcome as JSON ({task_id, status, result | failure})')
    .addHelpText('after', '\nExit codes: 0 the task completed; 1 it failed, was cancelled, terminated or timed out; 2 unknown or ambiguous task id.')
    .action(async (id: string, options: { json?: boolean }) => {
      await followTask(taskApi(), id, { json: options.json });
    });
}
