import type { Command } from 'commander';
import { taskApi } from '../context';
import { followTask } from '../follow-task';
import { TASK_ID_HELP } from '../options';

interface ResetOptions {
  reason?: string;
  wait?: boolean;
  json?: boolean;
}

/** `conveyor tasks reset <id>`: a failed or stuck task goes again from its failed step (Temporal's reset). */
export function registerTasksResetCommand(tasks: Command): void {
  tasks
    .command('reset')
    .description(
      'retry a failed or stuck task from its failed step, once its code or what it depends on is fixed: Temporal resets it to the workflow task before its first failure ' +
        '(the same task id, a new run that keeps the results of the steps that completed)',
    )
    .argument('<id>', TASK_ID_HELP)
    .option('--reason <text>', 'why, recorded in Temporal after your name')
    .option('--wait', 'follow the new run to its end; exit 1 if it failed again, was cancelled or timed out')
    .option('--json', 'print the API answer as JSON')
    .addHelpText('after', '\nExit codes: 0 reset (with --wait: the task completed); 1 with --wait, it ended otherwise; 2 the task is unknown (or the id ambiguous), neither failed nor stuck, or not yours.')
    .action(async (id: string, options: ResetOptions) => {
      const api = taskApi();
      const reset = await api.reset(id, { reason: options.reason });
      const line = `reset ${reset.task_id}: run ${reset.run_id} goes again from event ${reset.reset_from.event_id}, before the ${reset.reset_from.failed_event_type.replaceAll('_', ' ')} (run ${reset.reset_from.run_id})`;
      if (!options.wait) {
        console.log(options.json ? JSON.stringify(reset, null, 2) : line);
        return;
      }
      if (!options.json) console.error(line);
      await followTask(api, reset.task_id, { json: options.json, jsonExtra: { task_id: reset.task_id, run_id: reset.run_id } });
    });
}
