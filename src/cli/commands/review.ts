import type { Command } from 'commander';
import { taskApi } from '../context';
import { TASK_ID_HELP } from '../options';
import { UsageError } from '../usage-error';

interface ReviewOptions {
  approve?: boolean;
  reject?: boolean;
  comment?: string;
  reviewer?: string;
  summary?: string;
  json?: boolean;
}

/** `conveyor review <id> --approve|--reject [--comment text]`: decides on a task awaiting review, through the Task API. */
export function registerReviewCommand(program: Command): void {
  program
    .command('review')
    .description('approve or reject a task awaiting review (POST /tasks/{id}/review); the first decision wins')
    .argument('<id>', TASK_ID_HELP)
    .option('--approve', 'approve what the task waits on')
    .option('--reject', 'reject it')
    .option('--comment <text>', 'why, kept in the result')
    .option('--reviewer <name>', "on whose behalf you decide, kept as on_behalf_of (the recorded reviewer is always you: your key's or user's name)")
    .option('--summary <text>', "approve with this summary in place of the draft's (task types that take one)")
    .option('--json', 'print the API answer as JSON')
    .addHelpText('after', '\nExit codes: 0 the task accepted the decision; 2 bad options, an unknown task, a task not awaiting review (or already decided), or your own task.')
    .action(async (id: string, options: ReviewOptions) => {
      if (options.approve === options.reject) throw new UsageError('give exactly one of --approve or --reject');
      if (options.summary !== undefined && options.reject) throw new UsageError('--summary goes with --approve (a rejection publishes nothing)');
      const decision = options.approve ? 'approve' : 'reject';
      const body = await taskApi().review(id, { decision, comment: options.comment, reviewer: options.reviewer, summary: options.summary });
      if (options.json) console.log(JSON.stringify(body, null, 2));
      else {
        const behalf = body.on_behalf_of === undefined ? '' : ` on behalf of ${body.on_behalf_of}`;
        console.log(`${decision === 'approve' ? 'approved' : 'rejected'} ${body.task_id} as ${body.reviewer}${behalf}; \`conveyor tasks result ${body.task_id}\` shows the outcome`);
      }
    });
}
