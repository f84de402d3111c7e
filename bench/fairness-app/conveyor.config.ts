// The application `npm run bench:fairness` runs (bench/fairness.ts): one task type whose one
// activity holds a worker slot for a fixed time, on a queue of its own.
import { z } from 'zod';
import { defineConfig, defineTask } from 'conveyor';
import { createActivities } from './activities';
import * as workflows from './workflows';

/** The queue the benchmark floods. */
export const FAIRNESS_QUEUE = 'bench-fairness';

const holdSlot = defineTask({
  name: 'fairness_hold_slot',
  queue: FAIRNESS_QUEUE,
  description: 'Holds one worker slot for holdMs (one slot\'s turn) and answers when its activity started.',
  input: z.object({ holdMs: z.number().int().min(0).max(60_000) }),
  workflow: workflows.fairnessHoldSlot,
});

export default defineConfig({ tasks: [holdSlot], workflowsPath: './workflows', activities: createActivities });
