import { isTerminal } from '../../../tasks/status';
import { readsEveryTask } from '../../../temporal/caller';
import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { openStream } from '../../http/event-stream';
import { answerIn, statusWordIn } from '../../vocabulary/legacy-answers';
import { loadTask } from '../../../temporal/tasks/load-task';
import type { TaskSummary } from '../../../temporal/tasks/task-summary';
import { taskIdParams } from '../../schemas/task-id';

/**
 * GET /tasks/{id}/events: Server-Sent Events of the task's status and progress changes, ending
 * with the terminal event. GET /tasks/events: changes across the caller's tasks, for dashboards
 * (one shared read of visibility, see TaskChangeFeed).
 */
export function taskEventsRoutes(app: ZodApp, ctx: ApiContext): void {
  app.get(
    '/tasks/:id/events',
    { schema: { tags: ['tasks'], summary: 'Live status and progress (Server-Sent Events)', params: taskIdParams, produces: ['text/event-stream'], response: errorResponses(400, 401, 403, 404, 409, 503) } },
    async (request, reply) => {
      const { handle } = await loadTask(ctx.client, request.params.id, request.principal, 'read');
      const stream = openStream(request, reply, ctx);
      const speak = answerIn(request.vocabulary);
      await stream.run(async () => {
        let last = '';
        let unsubscribe = (): void => undefined;
        try {
          // Every stream of this task shares one read loop (TaskStatePolls); each speaks its own vocabulary.
          await new Promise<void>((resolve, reject) => {
            unsubscribe = ctx.taskStates.follow(handle, {
              update(view) {
                // A failing workflow task is news at each new attempt: the attempt is in the event.
                const event = JSON.stringify(speak(view));
                if (event !== last) {
                  last = event;
                  stream.send(isTerminal(view.status) ? statusWordIn(request.vocabulary, view.status) : 'status', event);
                }
                if (isTerminal(view.status)) resolve();
              },
              fail: reject,
            });
            void stream.ended.then(resolve);
          });
        } finally {
          unsubscribe();
        }
      });
    },
  );

  app.get(
    '/tasks/events',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Live changes across tasks (Server-Sent Events): a `task` event with the list row of each task that appears, starts or ends',
        produces: ['text/event-stream'],
        response: errorResponses(401, 503),
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      // A submitter follows its own tasks only, as in GET /tasks.
      const visible = (row: TaskSummary): boolean => readsEveryTask(principal) || row.submitter === principal.name;
      const stream = openStream(request, reply, ctx);
      const speak = answerIn(request.vocabulary);
      await stream.run(async () => {
        const send = (row: TaskSummary): void => {
          if (visible(row)) stream.send('task', JSON.stringify(speak(row)));
        };
        const subscription = ctx.changes.subscribe(send);
        try {
          // First the tasks under way now, then their changes: no gap between a list and the stream.
          subscription.current.forEach(send);
          while (stream.open()) await stream.sleep(60_000);
        } finally {
          subscription.unsubscribe();
        }
      });
    },
  );
}
