import type { Command } from 'commander';
import { taskApi } from '../context';
import { SCHEDULE_ID_HELP } from '../options';

/** `conveyor schedule trigger <id>`: Temporal starts one run now. An unknown id (or another submitter's schedule) exits 2. */
export function registerScheduleTriggerCommand(schedule: Command): void {
  schedule
    .command('trigger')
    .description("start a run now, paused or not (the schedule's overlap policy applies); it shows in `conveyor tasks list`")
    .argument('<id>', SCHEDULE_ID_HELP)
    .option('--json', 'print the API answer as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const answer = await taskApi().schedules.trigger(id);
      console.log(
        options.json
          ? JSON.stringify(answer, null, 2)
          : `triggered ${answer.schedule_id}; its run shows in \`conveyor schedule get ${id}\` and \`conveyor tasks list\``,
      );
    });
}
