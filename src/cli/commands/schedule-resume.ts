import type { Command } from 'commander';
import { taskApi } from '../context';
import { SCHEDULE_ID_HELP } from '../options';

/** `conveyor schedule resume <id>`: Temporal resumes a paused schedule. An unknown id (or another submitter's schedule) exits 2. */
export function registerScheduleResumeCommand(schedule: Command): void {
  schedule
    .command('resume')
    .description('resume a paused schedule')
    .argument('<id>', SCHEDULE_ID_HELP)
    .option('--json', 'print the API answer as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const resumed = await taskApi().schedules.resume(id);
      const next = resumed.next_run_times[0];
      console.log(options.json ? JSON.stringify(resumed, null, 2) : `resumed ${resumed.schedule_id}${next ? `; next run ${next}` : ''}`);
    });
}
