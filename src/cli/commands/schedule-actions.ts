import type { Command } from 'commander';
import { taskApi } from '../context';
import { formatSchedule } from '../schedule-format';

const SCHEDULE_ID_HELP = 'the schedule id you chose, or its full id';

interface JsonOption {
  json?: boolean;
}

const print = (json: boolean | undefined, body: unknown, human: string): void => console.log(json ? JSON.stringify(body, null, 2) : human);

/**
 * `conveyor schedule get|pause|resume|trigger|delete <id>`: one schedule, and Temporal's own
 * operations on it. An unknown id (or another submitter's schedule) exits 2.
 */
export function registerScheduleActionCommands(schedule: Command): void {
  schedule
    .command('get')
    .description('show a schedule: task, cron, state, next run times and recent runs')
    .argument('<id>', SCHEDULE_ID_HELP)
    .option('--json', 'print the API answer as JSON')
    .action(async (id: string, options: JsonOption) => {
      const found = await taskApi().schedules.get(id);
      print(options.json, found, formatSchedule(found));
    });

  schedule
    .command('pause')
    .description('pause a schedule: no run starts until it is resumed (runs under way go on)')
    .argument('<id>', SCHEDULE_ID_HELP)
    .option('--json', 'print the API answer as JSON')
    .action(async (id: string, options: JsonOption) => {
      const paused = await taskApi().schedules.pause(id);
      print(options.json, paused, `paused ${paused.schedule_id}`);
    });

  schedule
    .command('resume')
    .description('resume a paused schedule')
    .argument('<id>', SCHEDULE_ID_HELP)
    .option('--json', 'print the API answer as JSON')
    .action(async (id: string, options: JsonOption) => {
      const resumed = await taskApi().schedules.resume(id);
      const next = resumed.next_run_times[0];
      print(options.json, resumed, `resumed ${resumed.schedule_id}${next ? `; next run ${next}` : ''}`);
    });

  schedule
    .command('trigger')
    .description("start a run now, paused or not (the schedule's overlap policy applies); it shows in `conveyor tasks list`")
    .argument('<id>', SCHEDULE_ID_HELP)
    .option('--json', 'print the API answer as JSON')
    .action(async (id: string, options: JsonOption) => {
      const answer = await taskApi().schedules.trigger(id);
      print(options.json, answer, `triggered ${answer.schedule_id}; its run shows in \`conveyor schedule get ${id}\` and \`conveyor tasks list\``);
    });

  schedule
    .command('delete')
    .description('delete a schedule (runs under way go on, as tasks)')
    .argument('<id>', SCHEDULE_ID_HELP)
    .option('--json', 'print the API answer as JSON')
    .action(async (id: string, options: JsonOption) => {
      const answer = await taskApi().schedules.delete(id);
      print(options.json, answer, `deleted ${answer.schedule_id}`);
    });
}
