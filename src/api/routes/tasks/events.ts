import { isTerminal } from '../../../tasks/status';
import { readsEveryTask } from '../../../temporal/caller';
import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { lastEventId, openStream, STREAM_KEEPING } from '../../http/event-stream';
import { stateId } from '../../http/state-id';
import { answerIn, statusWordIn } from '../../vocabulary/legacy-answers';
import { loadTask } from '../../../temporal/tasks/load-task';
import type { TaskSummary } from '../../../temporal/tasks/task-summary';
import { FEED_REMEMBERS, type TaskChange } from '../../../temporal/tasks/task-change-feed';
import { taskIdParams } from '../../schemas/task-id';

/**
 * GET /tasks/{id}/events: Server-Sent Events of the task's status and progress changes, ending
 * with the terminal event. GET /tasks/events: changes across the caller's tasks, for dashboards
 * (one shared read of visibility, see TaskChangeFeed).
 */
export function taskEventsRoutes(app: ZodApp, ctx: ApiContext): void {
  app.get(
    '/tasks/:id/events',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Live status and progress (Server-Sent Events)',
        description:
          "Each event is the task's whole current state, sent when it changes: `status` events, then the terminal event (`completed`, `failed`, ...), after which the stream ends. " +
          "Every event has an `id:` naming that state; a client that reconnects with it in `Last-Event-ID` is sent the current state only if it differs (never a terminal event it already has). " +
          `${STREAM_KEEPING}, and ends with a \`reconnect\` event when the server closes it (its longest life, a restart): open it again with \`Last-Event-ID\`.`,
        params: taskIdParams,
        produces: ['text/event-stream'],
        response: errorResponses(400, 401, 403, 404, 409, 503),
      },
    },
    async (request, reply) => {
      const { handle } = await loadTask(ctx.client, request.params.id, request.principal, 'read');
      const stream = openStream(request, reply, ctx);
      const speak = answerIn(request.vocabulary);
      await stream.run(async () => {
        // The id of the state the client has: a reconnect is not sent that state again (nor a terminal event twice).
        let lastId = lastEventId(request);
        let unsubscribe = (): void => undefined;
        try {
          // Every stream of this task shares one read loop (TaskStatePolls); each speaks its own vocabulary.
          await new Promise<void>((resolve, reject) => {
            unsubscribe = ctx.taskStates.follow(handle, {
              update(view) {
                // A failing workflow task is news at each new attempt: the attempt is in the event.
                const name = isTerminal(view.status) ? statusWordIn(request.vocabulary, view.status) : 'status';
                const event = JSON.stringify(speak(view));
                const id = stateId(name, event);
                if (id !== lastId) {
                  lastId = id;
                  stream.send(name, event, id);
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
        description:
          'First a `task` event for each task under way (or ended moments ago), then one for each change. ' +
          `Every event has an \`id:\`; a client that reconnects with the last one in \`Last-Event-ID\` gets exactly the changes it missed, if this API process still remembers them (its last ${FEED_REMEMBERS.toLocaleString('en')} changes, while anyone follows the feed), else the current rows again. ` +
          `${STREAM_KEEPING}, and ends with a \`reconnect\` event when the server closes it.`,
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
        const send = ({ row, id }: TaskChange): void => {
          if (visible(row)) stream.send('task', JSON.stringify(speak(row)), id);
        };
        const subscription = ctx.changes.subscribe(send, lastEventId(request));
        try {
          // First what the client has not seen (the changes since its Last-Event-ID if the feed still
          // has them, else the tasks under way now), then the changes: no gap, and no repeat on a resume.
          subscription.current.forEach(send);
          while (stream.open()) await stream.sleep(60_000);
        } finally {
          subscription.unsubscribe();
        }
      });
    },
  );
}
