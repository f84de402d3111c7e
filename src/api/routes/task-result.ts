import { WorkflowFailedError } from '@temporalio/client';
import { msToNumber } from '@temporalio/common/lib/time';
import { z } from 'zod';
import { TASK_STATUSES } from '../../tasks/status';
import type { ApiContext, ZodApp } from '../context';
import { errorResponses } from '../error-body';
import { ApiError } from '../errors';
import { loadTask } from '../load-task';
import { statusOf } from '../task-view';
import { summarizeFailure } from '../../temporal/await-outcome';
import { taskIdParams } from './task-status';

const resultBody = z.object({
  task_id: z.string(),
  status: z.enum(TASK_STATUSES),
  result: z.unknown().optional(),
  failure: z.object({ type: z.string(), message: z.string(), causes: z.array(z.object({ type: z.string(), message: z.string() })) }).optional(),
});

/**
 * GET /tasks/{id}/result: never blocks unless asked. 200 with the result (or the failure) once
 * the task ended, 202 with the status while it runs; `?wait=30s` waits up to that long first.
 */
export function taskResultRoutes(app: ZodApp, ctx: ApiContext): void {
  app.get(
    '/tasks/:id/result',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Task result: 200 when ended, 202 while it runs',
        params: taskIdParams,
        querystring: z.object({ wait: z.string().optional().describe(`Wait up to this long for the end, e.g. "30s" (at most the server maximum)`) }),
        response: { 200: resultBody, 202: resultBody, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const waitMs = parseWait(request.query.wait, ctx.settings.api.maxResultWaitMs);
      const { handle, description } = await loadTask(ctx, request.params.id, request.principal, 'read');
      const taskId = request.params.id;
      let status = statusOf(description);
      if ((status === 'running' || status === 'queued') && waitMs > 0) {
        // handle.result() long-polls until the task ends, however long that is: stop it when the wait is over.
        const stopFollowing = new AbortController();
        const ended = await Promise.race([
          ctx.client.withAbortSignal(stopFollowing.signal, () => handle.result()).then(
            () => true,
            () => true,
          ),
          new Promise<false>((resolve) => setTimeout(() => resolve(false), waitMs).unref()),
        ]);
        stopFollowing.abort();
        if (ended) status = statusOf(await handle.describe());
      }
      if (status === 'running' || status === 'queued') return reply.status(202).send({ task_id: taskId, status });
      try {
        return { task_id: taskId, status: 'completed' as const, result: await handle.result() };
      } catch (error) {
        if (!(error instanceof WorkflowFailedError)) throw error;
        return { task_id: taskId, status, failure: summarizeFailure(error.cause) };
      }
    },
  );
}

function parseWait(wait: string | undefined, maxMs: number): number {
  if (wait === undefined) return 0;
  let ms: number;
  try {
    ms = /^\d+(\.\d+)?$/.test(wait) ? Number(wait) * 1000 : msToNumber(wait as Parameters<typeof msToNumber>[0]);
  } catch {
    ms = NaN;
  }
  if (!Number.isFinite(ms) || ms < 0 || ms > maxMs) {
    throw new ApiError(400, 'invalid_request', `wait: "${wait}" must be a duration of at most ${maxMs / 1000}s (e.g. "30s")`, {
      fields: [{ field: 'querystring.wait', message: `must be a duration of at most ${maxMs / 1000}s` }],
    });
  }
  return ms;
}
