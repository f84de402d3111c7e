import type { Command } from 'commander';
import { taskApi } from '../context';
import { formatSchedule } from '../schedule-format';
import { addScheduleIdCommand } from './schedule-id-command';

/** `conveyor schedule get <id>`: one schedule. An unknown id (or another submitter's schedule) exits 2. */
export function registerScheduleGetCommand(schedule: Command): void {
  addScheduleIdCommand(schedule, {
    name: 'get',
    description: 'show a schedule: task, cron, state, next run times and recent runs',
    run: (id) => taskApi().schedules.get(id),
    human: formatSchedule,
  });
}
