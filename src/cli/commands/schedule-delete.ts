import type { Command } from 'commander';
import { taskApi } from '../context';
import { SCHEDULE_ID_HELP } from '../options';

/** `conveyor schedule delete <id>`: Temporal deletes the schedule. An unknown id (or another submitter's schedule) exits 2. */
export function registerScheduleDeleteCommand(schedule: Command): void {
  schedule
    .command('delete')
    .description('delete a schedule (runs under way go on, as tasks)')
    .argument('<id>', SCHEDULE_ID_HELP)
    .option('--json', 'print the API answer as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const answer = await taskApi().schedules.delete(id);
      console.log(options.json ? JSON.stringify(answer, null, 2) : `deleted ${answer.schedule_id}`);
    });
}
