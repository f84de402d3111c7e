import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { isTerminal } from '../../../tasks/status';
import { readsEveryTask } from '../../../temporal/caller';
import type { ApiContext, ZodApp } from '../../context';
import { requestDuration } from '../../schemas/duration';
import { errorResponses } from '../../schemas/error-body';
import { resultAnswer } from '../../schemas/result';
import { taskIdParams } from '../../schemas/task-id';
import { loadTask } from '../../../temporal/tasks/load-task';
import { statusOf } from '../../../temporal/tasks/task-view';
import { holdsNul } from '../../../temporal/temporal-id';
import { endedOutcome } from '../../../temporal/tasks/await-outcome';

/**
 * GET /tasks/{id}/result: never blocks unless asked. 200 with the result (or the failure) once
 * the task ended, 202 with the status while it runs; `?wait=30s` waits up to that long first.
 */
export function taskResultRoutes(app: ZodApp, ctx: ApiContext): void {
  const maxWaitMs = ctx.settings.api.maxResultWaitMs;
  // Clients that wait longer in several requests read the server's limit in the refusal.
  const wait = requestDuration({ maxMs: maxWaitMs, tooLongDetails: { max_wait_seconds: maxWaitMs / 1000 } });
  app.get(
    '/tasks/:id/result',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Task result: 200 when ended, 202 while it runs',
        params: taskIdParams,
        querystring: z.object({ wait: wait.optional().describe(`Wait up to this long for the end, e.g. "30s" (at most the server maximum)`) }),
        response: { 200: resultAnswer, 202: resultAnswer, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const waitMs = request.query.wait ?? 0;
      const typedId = request.params.id;
      if (waitMs > 0 && readsEveryTask(request.principal) && !holdsNul(typedId)) {
        // No ownership to check, so no describe first: a full id goes straight to the long poll.
        // One Temporal call per awaited task instead of two keeps the API close to the bare client
        // under load (bench/README.md). Only an id Temporal does not know is looked up as part of one.
        try {
          return answer(reply, await follow(ctx, ctx.client.workflow.getHandle(typedId), waitMs));
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }
      }
      const { taskId, handle, description } = await loadTask(ctx.client, typedId, request.principal, 'read');
      const status = statusOf(description);
      if (isTerminal(status)) return { task_id: taskId, ...(await endedOutcome(handle)) };
      if (waitMs === 0) return reply.status(202).send({ task_id: taskId, status });
      return answer(reply, await follow(ctx, handle, waitMs));
    },
  );
}

type ResultBody = z.infer<typeof resultAnswer>;

/** 200 once the task ended, 202 while it runs. */
function answer(reply: FastifyReply, body: ResultBody): FastifyReply {
  return reply.status(isTerminal(body.status) ? 200 : 202).send(body);
}

/** The task's outcome once it ends, or its status when `waitMs` is over first. */
async function follow(ctx: ApiContext, handle: WorkflowHandle, waitMs: number): Promise<ResultBody> {
  // handle.result() long-polls until the task ends, however long that is: stop it when the wait is over.
  const stopFollowing = new AbortController();
  const timer = setTimeout(() => stopFollowing.abort(), waitMs);
  try {
    // The call that saw the end carries the outcome: no second round trip to Temporal.
    return { task_id: handle.workflowId, ...(await ctx.client.withAbortSignal(stopFollowing.signal, () => endedOutcome(handle))) };
  } catch (error) {
    if (!stopFollowing.signal.aborted) throw error;
    return { task_id: handle.workflowId, status: statusOf(await handle.describe()) };
  } finally {
    clearTimeout(timer);
  }
}
