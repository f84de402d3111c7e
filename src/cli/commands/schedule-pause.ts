import type { Command } from 'commander';
import { taskApi } from '../context';
import { SCHEDULE_ID_HELP } from '../options';

/** `conveyor schedule pause <id>`: Temporal pauses the schedule. An unknown id (or another submitter's schedule) exits 2. */
export function registerSchedulePauseCommand(schedule: Command): void {
  schedule
    .command('pause')
    .description('pause a schedule: no run starts until it is resumed (runs under way go on)')
    .argument('<id>', SCHEDULE_ID_HELP)
    .option('--json', 'print the API answer as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const paused = await taskApi().schedules.pause(id);
      console.log(options.json ? JSON.stringify(paused, null, 2) : `paused ${paused.schedule_id}`);
    });
}
