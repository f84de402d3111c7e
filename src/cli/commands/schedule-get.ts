import type { Command } from 'commander';
import { taskApi } from '../context';
import { SCHEDULE_ID_HELP } from '../options';
import { formatSchedule } from '../schedule-format';

/** `conveyor schedule get <id>`: one schedule. An unknown id (or another submitter's schedule) exits 2. */
export function registerScheduleGetCommand(schedule: Command): void {
  schedule
    .command('get')
    .description('show a schedule: task, cron, state, next run times and recent runs')
    .argument('<id>', SCHEDULE_ID_HELP)
    .option('--json', 'print the API answer as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const found = await taskApi().schedules.get(id);
      console.log(options.json ? JSON.stringify(found, null, 2) : formatSchedule(found));
    });
}
