import { describeQueuePollers } from '../../../temporal/workers/queue-pollers';
import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { queueListQuery } from '../../schemas/queue-list-query';
import { workersAnswer } from '../../schemas/workers';

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
          querystring: queueListQuery,
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
