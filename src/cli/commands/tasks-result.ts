import type { Command } from 'commander';
import { isTerminal } from '../../tasks/status';
import { taskApi } from '../context';
import { durationMs, TASK_ID_HELP } from '../options';
import { printFailure, printResult } from '../print-outcome';
import { EXIT } from '../usage-error';

const EXIT_CODES = `
Exit codes (for scripts):
  0  the task completed; its result is on stdout
  1  no result: the task failed, was cancelled, terminated or timed out (the failure is on
     stderr), or it is still queued or running when the wait ends (its status is on stderr);
     with --json, stdout holds {task_id, status, result | failure} in every case
  2  bad input: an unknown or ambiguous task id, a malformed --wait, a request the API refuses`;

/** `conveyor tasks result <id>`: the result of a task, optionally after waiting for its end. */
export function registerTasksResultCommand(tasks: Command): void {
  tasks
    .command('result')
    .description("print a task's result; exit 0 only if it completed")
    .argument('<id>', TASK_ID_HELP)
    .option('--wait [duration]', 'wait up to this long for the task to end (30s, 5m, or seconds); without a value, until it ends', durationMs)
    .option('--json', 'print the API answer as JSON')
    .addHelpText('after', EXIT_CODES)
    .action(async (id: string, options: { wait?: number | true; json?: boolean }) => {
      const waitMs = options.wait === true ? Infinity : (options.wait ?? 0);
      const answer = await taskApi().outcome(id, { wait: waitMs / 1000 });
      if (options.json) console.log(JSON.stringify(answer, null, 2));
      if (answer.status === 'completed') {
        if (!options.json) printResult(answer.result);
        return;
      }
      if (!isTerminal(answer.status)) {
        console.error(`task ${answer.status}: no result yet; wait with --wait, or follow it with \`conveyor tasks watch\``);
      } else if (!options.json) {
        printFailure(answer.status, answer.failure);
      }
      process.exitCode = EXIT.failed;
    });
}
