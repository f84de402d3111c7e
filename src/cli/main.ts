import { Command, CommanderError } from 'commander';
import { ConveyorApiError, ConveyorUnreachableError } from '../client/errors';
import { SettingsError } from '../settings-error';
import { ConfigError } from '../project/config-error';
import { InvalidParamsError, InvalidQueueError, UnknownTaskError } from '../tasks/errors';
import { registerApiCommand } from './commands/api';
import { registerDevCommand } from './commands/dev';
import { registerScheduleCreateCommand } from './commands/schedule-create';
import { registerScheduleDeleteCommand } from './commands/schedule-delete';
import { registerScheduleGetCommand } from './commands/schedule-get';
import { registerScheduleListCommand } from './commands/schedule-list';
import { registerSchedulePauseCommand } from './commands/schedule-pause';
import { registerScheduleResumeCommand } from './commands/schedule-resume';
import { registerScheduleTriggerCommand } from './commands/schedule-trigger';
import { registerQueuesCommand } from './commands/queues';
import { registerReplayCheckCommand } from './commands/replay-check';
import { registerReviewCommand } from './commands/review';
import { registerSubmitCommand } from './commands/submit';
import { registerTasksCancelCommand } from './commands/tasks-cancel';
import { registerTasksGetCommand } from './commands/tasks-get';
import { registerTasksListCommand } from './commands/tasks-list';
import { registerFailuresCommand } from './commands/failures';
import { registerTasksRerunCommand } from './commands/tasks-rerun';
import { registerTasksResetCommand } from './commands/tasks-reset';
import { registerTasksResultCommand } from './commands/tasks-result';
import { registerTasksRetryCommand } from './commands/tasks-retry';
import { registerTasksWatchCommand } from './commands/tasks-watch';
import { registerTypesCommand } from './commands/types';
import { registerWorkerBundleCommand } from './commands/worker-bundle';
import { registerWorkerStartCommand } from './commands/worker-start';
import { registerWorkerStatusCommand } from './commands/worker-status';
import { registerWorkerTestJobCommand } from './commands/worker-test-job';
import { EXIT, UsageError } from './usage-error';

/**
 * Errors that mean "you called it wrong": one line, exit code 2, nothing started. A missing or
 * invalid config is one, and so is a 4xx from the Task API (unknown id, bad filter, missing key).
 */
const USAGE_ERRORS = [UsageError, SettingsError, ConfigError, UnknownTaskError, InvalidParamsError, InvalidQueueError];

/**
 * The `conveyor` program, every command registered. A command module imports at its top only
 * commander, the Task API client and the CLI's own helpers; what only some commands run (the
 * settings schema, the logger, the project loader, the worker and its bundler, the API server, the
 * dev stack) is required inside the action that runs it. So `tasks get` and every other command
 * that only talks to the Task API starts without loading them (bench/README.md, "CLI start";
 * main.test.ts).
 */
export function buildProgram(): Command {
  const program = new Command('conveyor')
    .description('Durable background tasks on Temporal')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerDevCommand(program);
  registerApiCommand(program);
  registerSubmitCommand(program);
  registerReviewCommand(program);
  registerTypesCommand(program);
  registerQueuesCommand(program);
  registerFailuresCommand(program);
  registerReplayCheckCommand(program);
  const worker = program.command('worker').description('run or inspect workers').exitOverride();
  registerWorkerStartCommand(worker);
  registerWorkerStatusCommand(worker);
  registerWorkerBundleCommand(worker);
  registerWorkerTestJobCommand(worker);
  const tasks = program.command('tasks').description('list, inspect, cancel, reset, retry, re-run and follow tasks through the Task API (CONVEYOR_API_URL)');
  registerTasksListCommand(tasks);
  registerTasksGetCommand(tasks);
  registerTasksResultCommand(tasks);
  registerTasksCancelCommand(tasks);
  registerTasksResetCommand(tasks);
  registerTasksRetryCommand(tasks);
  registerTasksRerunCommand(tasks);
  registerTasksWatchCommand(tasks);
  const schedule = program.command('schedule').description('create, list, pause, resume, trigger and delete schedules through the Task API (CONVEYOR_API_URL)');
  registerScheduleCreateCommand(schedule);
  registerScheduleListCommand(schedule);
  registerScheduleGetCommand(schedule);
  registerSchedulePauseCommand(schedule);
  registerScheduleResumeCommand(schedule);
  registerScheduleTriggerCommand(schedule);
  registerScheduleDeleteCommand(schedule);
  for (const command of [program, ...program.commands, ...worker.commands, ...tasks.commands, ...schedule.commands]) command.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with code 0; commander already printed the message.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof ConveyorApiError) {
      // The API's own message and code, on one line; a 4xx is the caller's mistake.
      const hint = error.code === 'temporal_unavailable' ? "; the API is up but cannot reach Temporal: check the API's TEMPORAL_ADDRESS, or that `npm start` runs" : '';
      console.error(`error: ${error.isClientError ? '' : 'the API failed: '}${error.message} (${error.status} ${error.code})${hint}`);
      return error.isClientError ? EXIT.usage : EXIT.failed;
    }
    if (error instanceof ConveyorUnreachableError) {
      console.error(`error: ${error.message}; is \`npm start\` (or \`conveyor api\`) running, and CONVEYOR_API_URL right?`);
      return EXIT.failed;
    }
    if (USAGE_ERRORS.some((type) => error instanceof type)) {
      console.error(`error: ${(error as Error).message}`);
      return EXIT.usage;
    }
    console.error(`error: ${(error as Error).message ?? String(error)}`);
    return EXIT.failed;
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
