import { z } from 'zod';
import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { healthAnswer, readyAnswer } from '../../schemas/health';
import { SharedCheck } from '../../http/shared-check';
import { temporalUnavailable } from '../../http/api-error';
import { countTasks } from '../../../temporal/tasks/count-tasks';
import { queueBacklogStats } from '../../../temporal/queues/queue-backlog';
import { assertNamespaceReachable } from '../../../temporal/namespace-reachable';

/** How long one Temporal check answers GET /ready. */
const READY_FRESH_MS = 1000;

/** GET /health (process alive, no auth), GET /ready (Temporal reachable), GET /metrics (Prometheus, for admins by default). */
export function healthRoutes(app: ZodApp, ctx: ApiContext): void {
  app.get('/health', { config: { access: 'public' }, schema: { tags: ['system'], summary: 'The process is alive', security: [], response: { 200: healthAnswer } } }, async () => ({
    status: 'ok' as const,
  }));

  // Public and unauthenticated: a flood of probes must not become a flood of Temporal calls.
  const temporalReachable = new SharedCheck(() => assertNamespaceReachable(ctx.client), READY_FRESH_MS);
  app.get(
    '/ready',
    { config: { access: 'public' }, schema: { tags: ['system'], summary: 'Temporal is reachable (checked at most once a second)', security: [], response: { 200: readyAnswer, ...errorResponses(503) } } },
    async (_request, reply) => {
      // The answer is as fresh as the check behind it: caches and probes may keep it that long.
      reply.header('cache-control', `max-age=${READY_FRESH_MS / 1000}`);
      if (!(await temporalReachable.passes())) throw temporalUnavailable();
      return { status: 'ready' as const };
    },
  );

  // Task counts per type and request timings are operators' business: admins only, unless
  // CONVEYOR_METRICS_ACCESS lets a viewer key (a Prometheus scraper's) or anyone read them.
  const metricsAccess = ctx.settings.api.metricsAccess;
  app.get(
    '/metrics',
    {
      config: { access: metricsAccess },
      schema: {
        tags: ['system'],
        summary: 'Prometheus metrics',
        produces: ['text/plain'],
        ...(metricsAccess === 'public' ? { security: [] } : {}),
        response: { 200: z.string().describe('Prometheus text exposition format'), ...(metricsAccess === 'public' ? {} : errorResponses(401, 403)) },
      },
    },
    async (_request, reply) => {
      await Promise.all([refreshTaskCounts(ctx), refreshQueueBacklogs(ctx)]);
      return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
    },
  );
}

/** Completed and failed tasks per type, counted by Temporal visibility at scrape time. */
async function refreshTaskCounts(ctx: ApiContext): Promise<void> {
  const counts = ctx.registry.list().flatMap((task) =>
    (['completed', 'failed'] as const).map(async (status) => {
      const count = await countTasks(ctx.client, { statuses: [status], taskName: task.name });
      ctx.metrics.tasksFinished.set({ task_name: task.name, status }, count);
    }),
  );
  await Promise.allSettled(counts);
}

/** Each of the registry's queues' backlog, by kind of task, from Temporal's task-queue statistics at scrape time. */
async function refreshQueueBacklogs(ctx: ApiContext): Promise<void> {
  const backlogs = ctx.registry.queues().map(async (queue) => {
    const stats = await queueBacklogStats(ctx.client, queue);
    for (const kind of ['workflow', 'activity'] as const) {
      ctx.metrics.queueBacklog.set({ queue, kind }, stats[kind].count);
      ctx.metrics.queueBacklogAge.set({ queue, kind }, stats[kind].ageSeconds);
    }
  });
  await Promise.allSettled(backlogs);
}
