import type { Command } from 'commander';
import type { TaskDetail } from '../../client/answers';
import { taskApi } from '../context';
import { TASK_ID_HELP } from '../options';
import { WORKFLOW_TASK_FAILING_STAGE } from '../../tasks/status';
import { localTime } from '../format';

/** `conveyor tasks get <id>`: one task's status, progress, timings and failure. */
export function registerTasksGetCommand(tasks: Command): void {
  tasks
    .command('get')
    .description("show a task: status, progress, timings, attempts, pending activities, failure")
    .argument('<id>', TASK_ID_HELP)
    .option('--json', 'print the API answer as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const task = await taskApi().get(id);
      console.log(options.json ? JSON.stringify(task, null, 2) : describe(task));
    });
}

/** Why a task waits, as `tasks get` says it. */
const WAIT_REASONS: Record<NonNullable<TaskDetail['wait_reason']>, string> = {
  waiting_for_slot: "for a slot (its type's per-key concurrency is taken)",
  rate_limited: "under its queue's rate limit",
  debouncing: 'out its debounce window',
};

function describe(task: TaskDetail): string {
  const fields: [string, string][] = [
    ['id', task.task_id],
    ['task', task.task_name ?? '-'],
    ['status', task.status],
  ];
  if (task.reset_from) fields.push(['reset from', `run ${task.reset_from.run_id}${task.reset_from.reset_at ? ` at ${localTime(task.reset_from.reset_at)}` : ''} (${task.reset_from.reason})`]);
  if (task.retry_of) fields.push(['retry of', task.retry_of]);
  if (task.wait_reason) fields.push(['waiting', WAIT_REASONS[task.wait_reason] + (task.runs_at ? `, runs at ${localTime(task.runs_at)} at the earliest` : '')]);
  const failing = task.workflow_task_failure;
  if (failing) {
    fields.push(['progress', `${WORKFLOW_TASK_FAILING_STAGE}, attempt ${failing.attempt}: Temporal retries it until the worker or the workflow code is fixed`]);
    fields.push(['reason', `${failing.cause}: ${failing.failure.type}: ${failing.failure.message}`]);
    for (const cause of failing.failure.causes) fields.push(['', `caused by ${cause.type}: ${cause.message}`]);
    if (failing.failed_at) fields.push(['failing since', localTime(failing.failed_at)]);
  } else if (task.progress && task.status !== 'completed') {
    const { percent, stage, message } = task.progress;
    fields.push(['progress', `${percent.toFixed(0)}%  ${stage}${message ? `: ${message}` : ''}`]);
  }
  fields.push(
    ['queue', task.queue],
    ['submitter', task.submitter ?? '-'],
    ['fairness key', task.fairness_key ?? '-'],
    ['created', localTime(task.created_at)],
    ['started', localTime(task.started_at)],
    ['finished', localTime(task.finished_at)],
    ['duration', task.duration ?? '-'],
    ['attempts', String(task.attempts)],
  );
  // The trace to look up in the tracing backend (Jaeger, Tempo, ...), when the API traced the submit.
  if (task.trace_id) fields.push(['trace', task.trace_id]);
  for (const activity of task.pending_activities) {
    const heartbeat = activity.last_heartbeat_at ? `, last heartbeat ${localTime(activity.last_heartbeat_at)}` : '';
    const worker = activity.last_worker ? ` on ${activity.last_worker}` : '';
    fields.push(['activity', `${activity.activity_type}: ${activity.state}, attempt ${activity.attempt}${heartbeat}${worker}`]);
  }
  if (task.failure) {
    fields.push(['failure', `${task.failure.type}: ${task.failure.message}`]);
    for (const cause of task.failure.causes) fields.push(['', `caused by ${cause.type}: ${cause.message}`]);
  }
  if (task.result_available) fields.push(['result', `conveyor tasks result ${quoteArg(task.task_id)}`]);
  // What an operator does next with a task that went wrong, once the cause is fixed.
  if (task.status === 'failed' || failing) fields.push(['retry', `conveyor tasks reset ${quoteArg(task.task_id)} (from its failed step)`]);
  if (task.status === 'failed' || task.status === 'timed_out' || task.status === 'cancelled' || task.status === 'terminated') {
    fields.push([task.status === 'failed' ? '' : 'retry', `conveyor tasks retry ${quoteArg(task.task_id)} [--params JSON] (a new task)`]);
  }
  const width = Math.max(...fields.map(([name]) => name.length));
  return fields.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n');
}

/** The id as a shell argument a user can paste: quoted only when it needs to be. */
function quoteArg(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
