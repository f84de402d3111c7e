import { z } from 'zod';
import { QUEUE_NAME_PATTERN } from '../../../tasks/queues';
import { describeQueuePollers } from '../../../temporal/workers/queue-pollers';
import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { workersAnswer } from '../../schemas/workers';

const workersQuery = z
  .object({
    queues: z
      .string()
      .transform((value) => value.split(',').map((queue) => queue.trim()).filter(Boolean))
      .refine((queues) => queues.length > 0, 'must name at least one queue')
      .refine((queues) => queues.every((queue) => QUEUE_NAME_PATTERN.test(queue)), 'must be comma-separated queue names')
      .optional()
      .describe("Comma-separated queues to describe (default: every queue of the API's task types)"),
  })
  .strict();

/**
 * GET /workers and its alias GET /tasks/workers/status: pollers per queue, from Temporal. Worker
 * identities name hosts and processes, so admins only unless CONVEYOR_WORKERS_ACCESS=read.
 */
export function workersRoutes(app: ZodApp, ctx: ApiContext): void {
  for (const url of ['/workers', '/tasks/workers/status']) {
    app.get(
      url,
      {
        config: { access: ctx.settings.api.workersAccess },
        schema: {
          tags: ['workers'],
          summary: 'Workers polling each queue (identity, last access)',
          querystring: workersQuery,
          response: { 200: workersAnswer, ...errorResponses(400, 401, 403, 503) },
        },
      },
      async (request) => {
        const names = request.query.queues ?? ctx.registry.queues();
        const queues = await Promise.all(names.map((queue) => describeQueuePollers(ctx.client, queue)));
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
