import type { Command } from 'commander';
import { parseJsonOption, taskApi } from '../context';
import { followTask } from '../follow-task';
import { TASK_ID_HELP } from '../options';
import { UsageError } from '../usage-error';

interface RetryOptions {
  params?: string;
  wait?: boolean;
  json?: boolean;
}

/** `conveyor tasks retry <id>`: a task that ended without a result goes again as a new task, with new or the same parameters. */
export function registerTasksRetryCommand(tasks: Command): void {
  tasks
    .command('retry')
    .description('retry a task that failed, timed out, was cancelled or terminated as a new task of its type (its parameters, or --params); the new task names the old one')
    .argument('<id>', TASK_ID_HELP)
    .option('--params <json>', "the new task's parameters as a JSON object (default: the old task's)")
    .option('--wait', 'follow the new task to its end; exit 1 if it failed, was cancelled or timed out')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExit codes: 0 retried (with --wait: the new task completed); 1 with --wait, it ended otherwise; 2 bad parameters, the task is unknown, still going or completed, or not yours (nothing started).')
    .action(async (id: string, options: RetryOptions) => {
      // Malformed JSON stops here, before any request: bad input starts nothing.
      const parameters = options.params === undefined ? undefined : parseJsonOption('--params', options.params);
      if (parameters !== undefined && (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters))) throw new UsageError('--params must be a JSON object');
      const api = taskApi();
      const retried = await api.retry(id, { parameters: parameters as Record<string, unknown> | undefined });
      const line = `retried ${retried.retry_of} as ${retried.task_id} on ${retried.queue}`;
      if (!options.wait) {
        console.log(options.json ? JSON.stringify(retried, null, 2) : line);
        return;
      }
      if (!options.json) console.error(line);
      await followTask(api, retried.task_id, { json: options.json, jsonExtra: { task_id: retried.task_id, retry_of: retried.retry_of } });
    });
}
