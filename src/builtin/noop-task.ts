import { z } from 'zod';
import { defineTask } from '../tasks/define-task';
import { noopResult } from './noop-result';
import { noop } from './workflows';

/** The no-op task takes no parameters; anything else is a mistake worth reporting. */
const noopInput = z.object({}).strict();

/**
 * Does nothing, at once: a health check that a queue is served end to end (submit, a worker
 * picks it up, the result comes back), and the task benchmarks use to measure Conveyor itself.
 * Every application has it, on its default queue.
 */
export function noopTask(queue: string) {
  return defineTask({
    name: 'noop',
    queue,
    description:
      'Does nothing and returns {"ok": true} at once (no activity): a health check that a worker serves the queue end to end, e.g. `conveyor submit noop --queue q --wait`.',
    input: noopInput,
    workflow: noop,
    result: noopResult,
    // A health check that no worker picks up should fail soon, not linger for days.
    executionTimeout: '5 minutes',
  });
}
