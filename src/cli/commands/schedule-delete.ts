import type { Command } from 'commander';
import { taskApi } from '../context';
import { addScheduleIdCommand } from './schedule-id-command';

/** `conveyor schedule delete <id>`: Temporal deletes the schedule. An unknown id (or another submitter's schedule) exits 2. */
export function registerScheduleDeleteCommand(schedule: Command): void {
  addScheduleIdCommand(schedule, {
    name: 'delete',
    description: 'delete a schedule (runs under way go on, as tasks)',
    run: (id) => taskApi().schedules.delete(id),
    human: (answer) => `deleted ${answer.schedule_id}`,
  });
}
