import os from 'node:os';
import type { Command } from 'commander';
import { exitCodeFor } from '../../tasks/status';
import { awaitOutcome } from '../../temporal/await-outcome';
import { startTask } from '../../temporal/start-task';
import { commandContext, commandProject, configOption, parseJsonOption, withClient } from '../context';
import { printFailure, printResult } from '../print-outcome';
import { progressLine } from '../progress-line';

interface SubmitOptions {
  params: string;
  queue?: string;
  id?: string;
  wait?: boolean;
  json?: boolean;
  config?: string;
}

/** `conveyor submit <task>`: validates, starts, and with --wait follows the task to its end. */
export function registerSubmitCommand(program: Command): void {
  program
    .command('submit')
    .description('submit a task; with --wait, show its progress and print its result')
    .argument('<task>', 'task type name (see `conveyor types`)')
    .option('--params <json>', 'task parameters as a JSON object', '{}')
    .option('--queue <queue>', "queue to run on (default: the task's own)")
    .option('--id <id>', 'task id (Temporal workflow id); default: <task>-<uuid>')
    .option('--wait', 'wait for the task to end; exit 1 if it failed, was cancelled or timed out')
    .option('--json', 'print JSON')
    .addOption(configOption())
    .action(async (taskName: string, options: SubmitOptions) => {
      const { registry } = await commandProject(options);
      // Validate everything before connecting: bad input starts nothing.
      const params = registry.parseParams(taskName, parseJsonOption('--params', options.params));
      const { settings } = commandContext('cli');
      await withClient(settings, async (client) => {
        const started = await startTask(client, registry, {
          taskName,
          params,
          queue: options.queue,
          taskId: options.id,
          submitter: `cli:${os.userInfo().username}`,
        });
        const summary = { task_id: started.taskId, run_id: started.runId, task_name: started.taskName, queue: started.queue };
        if (!options.wait) {
          console.log(options.json ? JSON.stringify({ ...summary, status: 'queued' }) : `submitted ${started.taskId} to ${started.queue}`);
          return;
        }
        if (!options.json) console.error(`submitted ${started.taskId} to ${started.queue}`);
        const line = progressLine();
        const outcome = await awaitOutcome(client, started.handle, line.update);
        line.end();
        if (options.json) {
          console.log(JSON.stringify({ ...summary, ...outcome }, null, 2));
        } else if (outcome.status === 'completed') {
          printResult(outcome.result);
        } else {
          printFailure(outcome.status, outcome.failure);
        }
        process.exitCode = exitCodeFor(outcome.status);
      });
    });
}
