import { Option, type Command } from 'commander';
import { SCHEDULE_OVERLAPS, type ScheduleOverlap } from '../../tasks/schedule-overlap';
import { parseJsonOption, taskApi } from '../context';
import { formatSchedule } from '../schedule-format';

interface CreateOptions {
  id: string;
  cron: string[];
  params: string;
  overlap: ScheduleOverlap;
  queue?: string;
  note?: string;
  paused?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `conveyor schedule create <task> --id <id> --cron '<expr>' --params '<json>'`: a Temporal Schedule through the Task API. */
export function registerScheduleCreateCommand(schedule: Command): void {
  schedule
    .command('create')
    .description('create a schedule that submits a task on cron times; each run is an ordinary task (`conveyor tasks list`)')
    .argument('<task>', 'task type name (see `conveyor types`)')
    .requiredOption('--id <id>', "the schedule's id (with a submitter's key its full id is <submitter>:<id>)")
    .requiredOption('--cron <expr>', "a cron expression, e.g. '0 3 * * *' (UTC); repeat --cron for several", collect)
    .option('--params <json>', "each run's parameters as a JSON object, checked against the task's schema now", '{}')
    .addOption(new Option('--overlap <policy>', 'a run due while the previous one still runs').choices(SCHEDULE_OVERLAPS).default('skip'))
    .option('--queue <queue>', "queue the runs go to (default: the task's own)")
    .option('--note <text>', 'a note shown with the schedule')
    .option('--paused', 'create it paused (`conveyor schedule resume` starts it)')
    .option('--json', 'print the API answer as JSON')
    .addHelpText('after', '\nExit codes: 0 created; 2 bad input (an unknown task, parameters the schema refuses, a cron expression Temporal cannot read, a taken id): nothing created.')
    .action(async (taskName: string, options: CreateOptions) => {
      // Malformed JSON stops here, before any request: bad input creates nothing.
      const params = parseJsonOption('--params', options.params);
      const created = await taskApi().schedules.create(taskName, params as never, {
        id: options.id,
        cron: options.cron,
        overlap: options.overlap,
        queue: options.queue,
        note: options.note,
        paused: options.paused,
      });
      console.log(options.json ? JSON.stringify(created, null, 2) : `created schedule ${created.schedule_id}\n\n${formatSchedule(created)}`);
    });
}
