import { msToNumber } from '@temporalio/common';
import type { AnyTaskDefinition, RateLimit } from './define-task';
import { InvalidFlowControlError } from './errors';

/**
 * Checks each task type's flow-control options when the registry is built, so a mistake stops
 * the process that loads the config instead of the first submit: positive rates, whole
 * concurrency limits, a known mode, a debounce window whose `maxWait` is not shorter, and one
 * rate per queue (Temporal keeps one limit per queue, so task types sharing a queue must agree).
 */
export function checkFlowControl(definitions: readonly AnyTaskDefinition[]): void {
  const queueRates = new Map<string, { task: AnyTaskDefinition; rate: RateLimit | undefined; keyRate: RateLimit | undefined }>();
  for (const task of definitions) {
    const fail = (option: string, problem: string): never => {
      throw new InvalidFlowControlError(task.name, option, problem, task.definedAt);
    };
    for (const [option, limit] of [['rateLimit', task.rateLimit], ['keyRateLimit', task.keyRateLimit]] as const) {
      if (limit !== undefined && !(Number.isFinite(limit.perSecond) && limit.perSecond > 0)) fail(`${option}.perSecond`, 'must be a number above 0');
    }
    if (task.concurrency !== undefined && !(Number.isInteger(task.concurrency.perKey) && task.concurrency.perKey >= 1)) {
      fail('concurrency.perKey', 'must be a whole number of at least 1');
    }
    if (task.mode !== undefined && task.mode !== 'start' && task.mode !== 'singleton') fail('mode', `must be "start" or "singleton", not "${String(task.mode)}"`);
    if (task.debounce !== undefined) {
      const window = durationOption(task.debounce.window, () => fail('debounce.window', 'must be a duration such as "30s"'));
      const maxWait = durationOption(task.debounce.maxWait, () => fail('debounce.maxWait', 'must be a duration such as "5m"'));
      if (!(window !== undefined && window > 0)) fail('debounce.window', 'must be longer than 0');
      if (maxWait !== undefined && window !== undefined && maxWait < window) fail('debounce.maxWait', 'must not be shorter than debounce.window');
      if (task.mode === 'singleton') fail('debounce', 'cannot be combined with mode "singleton" (a debounced submit starts one run per window already)');
    }
    const declared = { task, rate: task.rateLimit, keyRate: task.keyRateLimit };
    const other = queueRates.get(task.queue);
    if (!other) queueRates.set(task.queue, declared);
    else if (other.rate?.perSecond !== declared.rate?.perSecond && declared.rate && other.rate) {
      fail('rateLimit', `differs from task type "${other.task.name}" on the same queue "${task.queue}" (the queue has one limit)`);
    } else if (other.keyRate?.perSecond !== declared.keyRate?.perSecond && declared.keyRate && other.keyRate) {
      fail('keyRateLimit', `differs from task type "${other.task.name}" on the same queue "${task.queue}" (the queue has one limit)`);
    } else {
      queueRates.set(task.queue, { task, rate: other.rate ?? declared.rate, keyRate: other.keyRate ?? declared.keyRate });
    }
  }
}

function durationOption(value: unknown, fail: () => never): number | undefined {
  try {
    return value === undefined ? undefined : msToNumber(value as Parameters<typeof msToNumber>[0]);
  } catch {
    return fail();
  }
}
