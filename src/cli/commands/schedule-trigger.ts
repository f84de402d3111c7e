import type { Command } from 'commander';
import { taskApi } from '../context';
import { addScheduleIdCommand } from './schedule-id-command';

/** `conveyor schedule trigger <id>`: Temporal starts one run now. An unknown id (or another submitter's schedule) exits 2. */
export function registerScheduleTriggerCommand(schedule: Command): void {
  addScheduleIdCommand(schedule, {
    name: 'trigger',
    description: "start a run now, paused or not (the schedule's overlap policy applies); it shows in `conveyor tasks list`",
    run: (id) => taskApi().schedules.trigger(id),
    human: (answer, id) => `triggered ${answer.schedule_id}; its run shows in \`conveyor schedule get ${id}\` and \`conveyor tasks list\``,
  });
}
