import type { Command } from 'commander';
import { taskApi } from '../context';
import { addScheduleIdCommand } from './schedule-id-command';

/** `conveyor schedule pause <id>`: Temporal pauses the schedule. An unknown id (or another submitter's schedule) exits 2. */
export function registerSchedulePauseCommand(schedule: Command): void {
  addScheduleIdCommand(schedule, {
    name: 'pause',
    description: 'pause a schedule: no run starts until it is resumed (runs under way go on)',
    run: (id) => taskApi().schedules.pause(id),
    human: (paused) => `paused ${paused.schedule_id}`,
  });
}
