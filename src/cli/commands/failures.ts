import type { Command } from 'commander';
import type { FailuresAnswer } from '../../client/answers';
import { taskApi } from '../context';
import { localTime, table } from '../format';

interface FailuresOptions {
  since?: string;
  taskName?: string;
  json?: boolean;
}

/**
 * `conveyor failures`: failed, timed-out and stuck tasks grouped by task type and failure type
 * (GET /failures), each group with the commands that list its tasks and act on them in bulk.
 */
export function registerFailuresCommand(program: Command): void {
  program
    .command('failures')
    .description('failed, timed-out and stuck tasks, grouped by task type and failure type: counts, first and last seen, the latest message, and the commands to list and act on each group')
    .option('--since <duration>', 'how far back to look for ended failures, e.g. 1h, 7d (default 24h)')
    .option('--task-name <name>', 'only this task type')
    .option('--json', 'print the API answer as JSON')
    .addHelpText('after', '\nExit codes: 0 shown (failures or none); 2 a bad option, or not allowed.')
    .action(async (options: FailuresOptions) => {
      const answer = await taskApi().failures({ since: options.since, taskName: options.taskName });
      if (options.json) {
        console.log(JSON.stringify(answer, null, 2));
        return;
      }
      console.log(failuresText(answer));
    });
}

function failuresText(answer: FailuresAnswer): string {
  if (answer.groups.length === 0) return `no failed, timed-out or stuck tasks since ${localTime(answer.since)}`;
  const rows = answer.groups.map((group) => [group.task_name, group.kind, group.failure_type, String(group.count), localTime(group.first_seen), localTime(group.last_seen)]);
  const lines = [table(['TASK', 'KIND', 'FAILURE TYPE', 'COUNT', 'FIRST SEEN', 'LAST SEEN'], rows), ''];
  for (const group of answer.groups) {
    lines.push(`${group.task_name} ${group.kind} ${group.failure_type}: latest ${group.sample.task_id}: ${group.sample.message}`);
    const filter = group.filter;
    if (filter === null) {
      lines.push(`  each: conveyor tasks get <id>, then conveyor tasks reset <id> once the cause is fixed`);
      continue;
    }
    const flags = [`--status ${filter.status}`, `--task-name ${filter.task_name}`, ...(filter.failure_type ? [`--failure-type ${filter.failure_type}`] : [])];
    const pairs = Object.entries(filter).map(([key, value]) => `${key}=${value}`).join(',');
    lines.push(`  list:   conveyor tasks list ${flags.join(' ')}`, `  re-run: conveyor tasks rerun --filter ${pairs}`);
  }
  if (answer.partial) lines.push('', 'partial: more failures or running tasks than one look reads; counts are exact, a first seen may be later');
  return lines.join('\n');
}
