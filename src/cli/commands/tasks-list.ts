import { Option, type Command } from 'commander';
import { TASK_STATUSES } from '../../tasks/status';
import { taskApi } from '../context';
import { localTime, table } from '../format';
import { nonNegativeInt, positiveInt } from '../options';

interface ListOptions {
  status?: string;
  taskName?: string;
  queue?: string;
  scheduleId?: string;
  failureType?: string;
  limit?: number;
  offset?: number;
  cursor?: string;
  wide?: boolean;
  json?: boolean;
}

/** `conveyor tasks list`: tasks as the API orders them (running first, then latest ended), filtered and paged by the API (Temporal visibility). */
export function registerTasksListCommand(tasks: Command): void {
  tasks
    .command('list')
    .description('list tasks, running ones first, then the latest ended: id, task, status, queue, created, duration')
    .option(
      '--status <s>',
      `comma-separated, any case: ${TASK_STATUSES.join(', ')}, or the previous system's PENDING, STARTED, RETRY, SUCCESS, FINISHED, FAILURE, FAILED, REVOKED, CANCELLED`,
    )
    .option('--task-name <name>', 'only this task type')
    .option('--queue <queue>', 'only tasks on this queue')
    .option('--schedule-id <id>', 'only the runs this schedule started')
    .option('--failure-type <type>', 'only failed tasks whose failure has this type (as `conveyor failures` shows it)')
    .option('--limit <n>', 'tasks per page, 1 to 1000 (default 50)', positiveInt)
    .addOption(new Option('--offset <n>', 'skip this many tasks first, at most 10000 (deeper: --cursor)').argParser(nonNegativeInt).conflicts('cursor'))
    .option('--cursor <cursor>', 'the page after the one that printed this cursor')
    .option('--wide', 'show full task ids instead of their last 12 characters')
    .option('--json', 'print the API answer as JSON')
    .action(async (options: ListOptions) => {
      const body = await taskApi().list({
        status: options.status,
        task_name: options.taskName,
        queue: options.queue,
        schedule_id: options.scheduleId,
        failure_type: options.failureType,
        limit: options.limit,
        offset: options.offset,
        cursor: options.cursor,
      });
      if (options.json) {
        console.log(JSON.stringify(body, null, 2));
        return;
      }
      if (body.tasks.length === 0) {
        console.log(options.cursor || options.offset ? 'no more tasks' : 'no tasks');
        return;
      }
      const rows = body.tasks.map((task) => [
        options.wide ? task.task_id : task.short_id,
        task.task_name ?? '-',
        task.status,
        task.queue,
        localTime(task.created_at),
        task.duration ?? '-',
      ]);
      console.log(table(['ID', 'TASK', 'STATUS', 'QUEUE', 'CREATED', 'DURATION'], rows));
      console.log(`\n${body.tasks.length} shown, ${body.total} in all${body.has_more ? `; next page: --cursor ${body.next_cursor}` : ''}`);
    });
}
