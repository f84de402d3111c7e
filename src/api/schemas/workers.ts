import { z } from 'zod';

/** One queue and the workers polling it, as Temporal sees them. */
export const queueWorkers = z.object({
  queue: z.string(),
  pollers: z.array(z.object({ identity: z.string(), kinds: z.array(z.enum(['workflow', 'activity'])), last_access_time: z.string().nullable(), rate_per_second: z.number() })),
});

/** GET /workers. */
export const workersAnswer = z.object({ queues: z.array(queueWorkers) });
