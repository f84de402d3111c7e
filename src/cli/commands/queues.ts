import { InvalidArgumentError, type Command } from 'commander';
import { UsageError } from '../usage-error';
import type { QueueFlow } from '../../client/answers';
import { FAIRNESS_WEIGHT_MAX, FAIRNESS_WEIGHT_MIN } from '../../tasks/fairness-weight';
import { taskApi } from '../context';
import { queueList } from '../options';

/**
 * `conveyor queues`: each queue's flow control through the Task API (`GET /queues`): rate limits
 * declared and applied (and by whom), fairness weights, drift, backlog per fairness key.
 * `conveyor queues set <queue>`: an admin changes them in Temporal (`PATCH /queues/{queue}`).
 */
export function registerQueuesCommand(program: Command): void {
  const queues = program.command('queues').description("show or change each queue's rate limits, fairness weights and backlog per fairness key (Task API)");
  queues
    .command('list', { isDefault: true })
    .description("show each queue's rate limits (declared and applied), fairness weights, drift and backlog per fairness key")
    .option('--queues <a,b>', "comma-separated queues to describe (default: every queue of the API's task types)", queueList)
    .option('--json', 'print JSON')
    .action(async (options: { queues?: string[]; json?: boolean }) => {
      const flows = await taskApi().queues({ queues: options.queues });
      if (options.json) console.log(JSON.stringify(flows, null, 2));
      else for (const flow of flows) console.log(describeFlow(flow));
    });
  queues
    .command('set')
    .description('change a queue\'s limits in Temporal (admins): --rate-limit 5, --key-rate-limit 1, --weight acme=2; "none" lifts a limit, key=default a weight')
    .argument('<queue>', 'the queue to change')
    .option('--rate-limit <n>', 'activities per second on the queue, or none', rate)
    .option('--key-rate-limit <n>', 'activities per second per fairness key, or none', rate)
    .option('--weight <key=weight>', `a fairness key's weight (${FAIRNESS_WEIGHT_MIN} to ${FAIRNESS_WEIGHT_MAX}), or key=default; repeat it for more keys`, weight, {})
    .option('--json', 'print JSON')
    .action(async (queue: string, options: { rateLimit?: number | null; keyRateLimit?: number | null; weight: Record<string, number | null>; json?: boolean }) => {
      const changed = Object.keys(options.weight).length > 0 || options.rateLimit !== undefined || options.keyRateLimit !== undefined;
      if (!changed) throw new UsageError('queues set: name something to change: --rate-limit, --key-rate-limit or --weight');
      const flow = await taskApi().setQueueLimits(queue, {
        rateLimit: options.rateLimit,
        keyRateLimit: options.keyRateLimit,
        fairnessWeights: Object.keys(options.weight).length > 0 ? options.weight : undefined,
      });
      console.log(options.json ? JSON.stringify(flow, null, 2) : describeFlow(flow));
    });
}

function rate(value: string): number | null {
  if (value === 'none') return null;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('must be a number of activities per second above 0, or none');
  return parsed;
}

function weight(value: string, previous: Record<string, number | null>): Record<string, number | null> {
  const at = value.lastIndexOf('=');
  const key = value.slice(0, at);
  const text = value.slice(at + 1);
  const parsed = text === 'default' ? null : Number(text);
  if (at <= 0 || (parsed !== null && !(Number.isFinite(parsed) && parsed >= FAIRNESS_WEIGHT_MIN && parsed <= FAIRNESS_WEIGHT_MAX))) {
    throw new InvalidArgumentError(`must be key=weight with a weight from ${FAIRNESS_WEIGHT_MIN} to ${FAIRNESS_WEIGHT_MAX}, or key=default`);
  }
  return { ...previous, [key]: parsed };
}

/** A queue's flow control in a few lines, as `conveyor queues` prints it. */
export function describeFlow(flow: QueueFlow): string {
  const limit = ({ declared, applied }: QueueFlow['rate_limit']) => {
    const now = applied ? `${applied.per_second}/s (set by ${applied.updated_by ?? 'unknown'})` : 'none';
    return declared === null ? now : `${now}, declared ${declared}/s`;
  };
  const weights = Object.entries(flow.fairness_weights.applied);
  const waiting = flow.backlog.by_key.map(({ fairness_key: key, queued }) => `${key || '(none)'} ${queued}`).join(', ');
  return [
    `${flow.queue}${flow.task_types.length > 0 ? ` (${flow.task_types.join(', ')})` : ''}`,
    `  rate limit: ${limit(flow.rate_limit)}`,
    `  per fairness key: ${limit(flow.key_rate_limit)}`,
    `  weights: ${weights.length === 0 ? 'every key 1' : weights.map(([key, value]) => `${key}=${Number(value.toPrecision(6))}`).join(', ')}`,
    ...(flow.drift.length > 0 ? [`  drift: ${flow.drift.join(', ')} changed in Temporal since a worker applied the declared values`] : []),
    `  backlog: ${flow.backlog.workflow.count} workflow tasks, ${flow.backlog.activity.count} activities${waiting ? `; queued per fairness key: ${waiting}` : ''}`,
  ].join('\n');
}
