import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { loadTask } from '../../../temporal/tasks/load-task';
import { readTimeline, TIMELINE_MAX_ENTRIES } from '../../../temporal/tasks/task-timeline';
import { taskIdParams } from '../../schemas/task-id';
import { timelineBody } from '../../schemas/timeline';

/** GET /tasks/{id}/history: the execution's timeline, summarised from Temporal's history; readable by whoever may read the task. */
export function taskHistoryRoutes(app: ZodApp, ctx: ApiContext): void {
  app.get(
    '/tasks/:id/history',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Timeline of the execution: activities, retries, signals, timers, child tasks, continue-as-new, outcome',
        description: `Summarised from Temporal's history, oldest first, at most ${TIMELINE_MAX_ENTRIES} entries (the latest ones; \`truncated\` says older ones exist). The Temporal Web UI shows the full history.`,
        params: taskIdParams,
        response: { 200: timelineBody, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const { taskId, description } = await loadTask(ctx.client, request.params.id, request.principal, 'read');
      return readTimeline(ctx.client, taskId, description.runId);
    },
  );
}
