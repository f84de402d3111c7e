import { z } from 'zod';
import { describeQueuePollers } from '../../temporal/queue-pollers';
import type { ApiContext, ZodApp } from '../context';
import { errorResponses } from '../error-body';

const workersBody = z.object({
  queues: z.array(
    z.object({
      queue: z.string(),
      pollers: z.array(z.object({ identity: z.string(), kinds: z.array(z.enum(['workflow', 'activity'])), last_access_time: z.string().nullable(), rate_per_second: z.number() })),
    }),
  ),
});

/** GET /workers and its alias GET /tasks/workers/status: pollers per queue, from Temporal. */
export function workersRoutes(app: ZodApp, ctx: ApiContext): void {
  for (const url of ['/workers', '/tasks/workers/status']) {
    app.get(
      url,
      { schema: { tags: ['workers'], summary: 'Workers polling each queue (identity, last access)', response: { 200: workersBody, ...errorResponses(401, 503) } } },
      async () => {
        const queues = await Promise.all(ctx.registry.queues().map((queue) => describeQueuePollers(ctx.client, queue)));
        return {
          queues: queues.map(({ queue, pollers }) => ({
            queue,
            pollers: pollers.map((p) => ({ identity: p.identity, kinds: p.kinds, last_access_time: p.lastAccessTime ?? null, rate_per_second: p.ratePerSecond })),
          })),
        };
      },
    );
  }
}
