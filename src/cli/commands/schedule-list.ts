import type { Command } from 'commander';
import { taskApi } from '../context';
import { localTime, table } from '../format';
import { positiveInt } from '../options';
import { scheduleState } from '../schedule-format';

interface ListOptions {
  taskName?: string;
  limit?: number;
  json?: boolean;
}

/** `conveyor schedule list`: the schedules the caller may see (a submitter, its own). */
export function registerScheduleListCommand(schedule: Command): void {
  schedule
    .command('list')
    .description('list schedules: id, task, cron, state, next run, last run')
    .option('--task-name <name>', 'only schedules of this task type')
    .option('--limit <n>', 'at most this many, 1 to 1000 (default 100)', positiveInt)
    .option('--json', 'print the API answer as JSON')
    .action(async (options: ListOptions) => {
      const page = await taskApi().schedules.list({ task_name: options.taskName, limit: options.limit });
      if (options.json) {
        console.log(JSON.stringify(page, null, 2));
        return;
      }
      if (page.schedules.length === 0) {
        console.log('no schedules');
        return;
      }
      const rows = page.schedules.map((row) => [
        row.schedule_id,
        row.task_name ?? '-',
        row.cron.join(' | ') || '-',
        scheduleState(row),
        localTime(row.next_run_times[0]),
        localTime(row.last_run_at),
      ]);
      console.log(table(['ID', 'TASK', 'CRON', 'STATE', 'NEXT RUN', 'LAST RUN'], rows));
      if (page.has_more) console.log(`\nmore schedules match; raise --limit`);
    });
}
