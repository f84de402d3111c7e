import type { Command } from 'commander';
import { taskApi } from '../context';
import { addScheduleIdCommand } from './schedule-id-command';

/** `conveyor schedule resume <id>`: Temporal resumes a paused schedule. An unknown id (or another submitter's schedule) exits 2. */
export function registerScheduleResumeCommand(schedule: Command): void {
  addScheduleIdCommand(schedule, {
    name: 'resume',
    description: 'resume a paused schedule',
    run: (id) => taskApi().schedules.resume(id),
    human: (resumed) => {
      const next = resumed.next_run_times[0];
      return `resumed ${resumed.schedule_id}${next ? `; next run ${next}` : ''}`;
    },
  });
}
