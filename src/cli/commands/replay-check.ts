import { Option, type Command } from 'commander';
import type * as ReplayCheck from '../../worker/replay-check';
import { commandContext, commandProject, configOption } from '../context';
import { durationMs, positiveInt } from '../options';
import { EXIT } from '../usage-error';

const DEFAULT_SINCE = '1d';
const DEFAULT_SAMPLE = 100;

const EXIT_CODES = `
Exit codes (for scripts):
  0  every run replayed (or there was none to replay); a history that could not be fetched is
     reported but does not fail the check
  1  a run diverged: the current workflow code would break it (or Temporal could not be reached)
  2  bad options, an unknown --task-name, or a config that does not load`;

interface ReplayCheckCommandOptions {
  since: number;
  sample: number;
  taskName?: string;
  json?: boolean;
  config?: string;
}

/**
 * `conveyor replay-check`: replays the namespace's recent runs of the application's tasks against
 * the workflow bundle this checkout (or CONVEYOR_WORKFLOW_BUNDLE) would run, before a deploy.
 */
export function registerReplayCheckCommand(program: Command): void {
  program
    .command('replay-check')
    .description("replay recent runs of the config's tasks (running, or started or ended within --since) against the current workflow code; exit 1 if any diverges")
    .addOption(new Option('--since <duration>', 'how far back to look: 1d, 6h, 30m').argParser(durationMs).default(durationMs(DEFAULT_SINCE), DEFAULT_SINCE))
    .addOption(new Option('--sample <n>', 'the most runs to replay, newest first').argParser(positiveInt).default(DEFAULT_SAMPLE))
    .option('--task-name <name>', "only this task type's runs (default: every task type of the config)")
    .option('--json', 'print JSON')
    .addOption(configOption())
    .addHelpText('after', EXIT_CODES)
    .action(async (options: ReplayCheckCommandOptions) => {
      const project = await commandProject(options);
      // registry.get throws UnknownTaskError, naming the known tasks (a usage error, exit 2).
      const taskNames = options.taskName === undefined ? project.registry.list().map((task) => task.name) : [project.registry.get(options.taskName).name];
      const since = new Date(Date.now() - options.since);
      // Logs (a bundle being built, say) go to stderr: stdout is the report.
      const { settings, log } = commandContext('replay-check', 'stderr');
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand, see main.ts
      const { replayCheck } = require('../../worker/replay-check') as typeof ReplayCheck;
      const report = await replayCheck(project, settings, { taskNames, since, sample: options.sample }, log);
      if (options.json) printJson(report, since, taskNames);
      else printLines(report, since, taskNames);
      if (report.diverged.length > 0) process.exitCode = EXIT.failed;
    });
}

function printJson(report: ReplayCheck.ReplayCheckReport, since: Date, taskNames: string[]): void {
  const run = ({ taskId, runId, taskName }: { taskId: string; runId: string; taskName: string }) => ({ task_id: taskId, run_id: runId, task_name: taskName });
  console.log(
    JSON.stringify(
      {
        since: since.toISOString(),
        task_names: taskNames,
        replayed: report.replayed.length,
        diverged: report.diverged.map((diverged) => ({ ...run(diverged), error: diverged.error })),
        failed_to_fetch: report.unfetched.map((unfetched) => ({ ...run(unfetched), error: unfetched.error })),
        replayed_runs: report.replayed.map(run),
      },
      null,
      2,
    ),
  );
}

function printLines(report: ReplayCheck.ReplayCheckReport, since: Date, taskNames: string[]): void {
  const what = taskNames.length === 1 ? `task ${taskNames[0]}` : `the config's ${taskNames.length} task types`;
  if (report.replayed.length === 0 && report.unfetched.length === 0) {
    console.log(`nothing to replay: no run of ${what} is running or started or ended since ${since.toISOString()}`);
    return;
  }
  for (const run of report.diverged) console.log(`diverged: ${run.taskId} (run ${run.runId}, ${run.taskName}): ${run.error}`);
  for (const run of report.unfetched) console.error(`could not fetch the history of ${run.taskId} (run ${run.runId}): ${run.error}`);
  console.log(`${report.replayed.length} replayed, ${report.diverged.length} diverged, ${report.unfetched.length} failed to fetch (${what}, since ${since.toISOString()})`);
  if (report.diverged.length > 0) {
    console.log('the current workflow code would break the runs above: make the change with patched() (or a new task type), or let them end before deploying');
  }
}
