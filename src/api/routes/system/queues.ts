import { z } from 'zod';
import { QUEUE_NAME_PATTERN } from '../../../tasks/queues';
import { changeQueueLimits, type AppliedQueueLimits } from '../../../temporal/queues/queue-limits';
import { viewQueue } from '../../../temporal/queues/queue-view';
import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { queueListQuery } from '../../schemas/queue-list-query';
import { queuePatch, queuesAnswer, queueView } from '../../schemas/queues';

const queueParams = z.object({ queue: z.string().regex(QUEUE_NAME_PATTERN, 'must be a queue name: letters, digits and . _ : -') });

/**
 * GET /queues: each queue's flow control (rate limits declared and applied, fairness weights,
 * drift, backlog per kind and per fairness key). Fairness keys are submitters' names by default,
 * so it is read like GET /workers (admins only unless CONVEYOR_WORKERS_ACCESS=read).
 * PATCH /queues/{queue}: an admin changes a queue's limits or weights in Temporal.
 */
export function queueRoutes(app: ZodApp, ctx: ApiContext): void {
  const view = (queue: string, known?: AppliedQueueLimits) => viewQueue(ctx.client, ctx.registry, ctx.settings.fairnessWeights, queue, known);
  app.get(
    '/queues',
    {
      config: { access: ctx.settings.api.workersAccess },
      schema: {
        tags: ['workers'],
        summary: "Each queue's rate limits, fairness weights and backlog per fairness key",
        querystring: queueListQuery,
        response: { 200: queuesAnswer, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) => ({ queues: await Promise.all((request.query.queues ?? ctx.registry.queues()).map((queue) => view(queue))) }),
  );
  app.patch(
    '/queues/:queue',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['workers'],
        summary: "Change a queue's rate limits or fairness weights (admins)",
        params: queueParams,
        body: queuePatch,
        response: { 200: queueView, ...errorResponses(400, 401, 403, 415, 503) },
      },
    },
    async (request) => {
      const { queue } = request.params;
      const { rate_limit: rateLimit, key_rate_limit: keyRateLimit, fairness_weights: weights } = request.body;
      const applied = await changeQueueLimits(ctx.client, queue, { rateLimit, keyRateLimit, weights }, `conveyor-api:${request.principal.name}`);
      return view(queue, applied);
    },
  );
}
