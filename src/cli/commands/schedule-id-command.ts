import type { Command } from 'commander';
import { SCHEDULE_ID_HELP } from '../options';

/** What a `conveyor schedule <verb> <id>` command does: its call to the API, and how a person reads the answer. */
export interface ScheduleIdCommand<Answer> {
  name: string;
  description: string;
  run(id: string): Promise<Answer>;
  /** The answer in human form; `--json` prints the API answer instead. */
  human(answer: Answer, id: string): string;
}

/** Adds one `conveyor schedule <verb> <id> [--json]` command: the shape get, pause, resume, trigger and delete share. */
export function addScheduleIdCommand<Answer>(schedule: Command, command: ScheduleIdCommand<Answer>): void {
  schedule
    .command(command.name)
    .description(command.description)
    .argument('<id>', SCHEDULE_ID_HELP)
    .option('--json', 'print the API answer as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const answer = await command.run(id);
      console.log(options.json ? JSON.stringify(answer, null, 2) : command.human(answer, id));
    });
}
