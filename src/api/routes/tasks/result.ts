import { z } from 'zod';
import { isTerminal } from '../../../tasks/status';
import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { resultAnswer } from '../../schemas/result';
import { resultWait } from '../../schemas/result-wait';
import { taskIdParams } from '../../schemas/task-id';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Caller } from '../../../temporal/caller';
import { TaskDebouncing } from '../../../temporal/tasks/debouncing-task';
import { readTaskResult, type TaskResult } from '../../../temporal/tasks/task-result';

/**
 * GET /tasks/{id}/result: never blocks unless asked. 200 with the result (or the failure) once
 * the task ended, 202 with the status while it runs; `?wait=30s` waits up to that long first.
 */
export function taskResultRoutes(app: ZodApp, ctx: ApiContext): void {
  const wait = resultWait(ctx.settings.api.maxResultWaitMs);
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
      const { taskId, outcome } = await resultAfterWindow(ctx, request.params.id, request.principal, request.query.wait ?? 0);
      // 200 once the task ended, 202 while it runs.
      return reply.status(isTerminal(outcome.status) ? 200 : 202).send({ task_id: taskId, ...outcome });
    },
  );
}

/**
 * The task's result as {@link readTaskResult} reads it; for a debounced task still waiting out its
 * window (it has no run yet), `queued` at once, or with a wait, the wait goes on once the window
 * has started the run: the wait sleeps until the window's `runs_at`, then reads again.
 */
async function resultAfterWindow(ctx: ApiContext, id: string, caller: Caller, waitMs: number): Promise<TaskResult> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await readTaskResult(ctx.client, id, caller, Math.max(0, deadline - Date.now()), ctx.closing);
    } catch (error) {
      if (!(error instanceof TaskDebouncing)) throw error;
      const left = deadline - Date.now();
      if (left <= 0 || ctx.closing.aborted) return { taskId: error.pending.taskId, outcome: { status: 'queued' } };
      // A later submit may move the window's end: then this reads it again and sleeps on.
      const untilRun = Date.parse(error.pending.runsAt) - Date.now() + WINDOW_SLACK_MS;
      await sleep(Math.min(left, Math.max(WINDOW_SLACK_MS, untilRun)), undefined, { signal: ctx.closing }).catch(() => undefined);
    }
  }
}

/** How long after a window's end its run is looked for: the window's workflow starts it within a workflow task. */
const WINDOW_SLACK_MS = 250;
