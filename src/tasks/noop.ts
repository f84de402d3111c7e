import { noop } from '../workflows/noop';
import { defineTask } from './define-task';
import { noopInput } from './noop.schema';
import { DEFAULT_QUEUE } from './queues';

/**
 * Does nothing, at once: a health check that a queue is served end to end (submit, a worker
 * picks it up, the result comes back), and the task benchmarks use to measure Conveyor itself.
 */
export const noopTask = defineTask({
  name: 'noop',
  queue: DEFAULT_QUEUE,
  description:
    'Does nothing and returns {"ok": true} at once (no activity): a health check that a worker serves the queue end to end, e.g. `conveyor submit noop --queue q --wait`.',
  input: noopInput,
  workflow: noop,
  // A health check that no worker picks up should fail soon, not linger for days.
  executionTimeout: '5 minutes',
});
