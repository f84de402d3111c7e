import type { FastifyReply, FastifyRequest } from 'fastify';
import { isTerminal } from '../../tasks/status';
import type { ApiContext, ZodApp } from '../context';
import { errorResponses } from '../error-body';
import { loadTask } from '../load-task';
import { viewTask } from '../task-view';
import { visibilityQuery } from '../visibility-query';
import { taskIdParams } from './task-status';

/** How often a stream looks at Temporal for changes. */
const POLL_MS = 500;
const LIST_POLL_MS = 2000;
/** A comment line now and then keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

/**
 * GET /tasks/{id}/events: Server-Sent Events of the task's status and progress changes, ending
 * with the terminal event. GET /tasks/events: changes across the caller's tasks, for dashboards.
 */
export function taskEventsRoutes(app: ZodApp, ctx: ApiContext): void {
  app.get(
    '/tasks/:id/events',
    { schema: { tags: ['tasks'], summary: 'Live status and progress (Server-Sent Events)', params: taskIdParams, produces: ['text/event-stream'], response: errorResponses(401, 403, 404, 503) } },
    async (request, reply) => {
      const { handle } = await loadTask(ctx, request.params.id, request.principal, 'read');
      const stream = openStream(request, reply, ctx);
      await stream.run(async () => {
        let last = '';
        while (stream.open()) {
          const view = await viewTask(ctx.client, handle, await handle.describe());
          const event = JSON.stringify({ task_id: view.task_id, status: view.status, progress: view.progress, failure: view.failure });
          if (event !== last) {
            last = event;
            stream.send(isTerminal(view.status) ? view.status : 'status', event);
          }
          if (isTerminal(view.status)) return;
          await stream.sleep(POLL_MS);
        }
      });
    },
  );

  app.get(
    '/tasks/events',
    { schema: { tags: ['tasks'], summary: 'Live changes across tasks (Server-Sent Events)', produces: ['text/event-stream'], response: errorResponses(401, 503) } },
    async (request, reply) => {
      const principal = request.principal;
      const query = visibilityQuery({ statuses: [], submitter: principal.role === 'submitter' ? principal.name : undefined });
      const stream = openStream(request, reply, ctx);
      const seen = new Map<string, string>();
      await stream.run(async () => {
      while (stream.open()) {
        const page = await ctx.client.workflowService.listWorkflowExecutions({ namespace: ctx.client.options.namespace, query, pageSize: 100 });
        for (const execution of page.executions ?? []) {
          const id = execution.execution?.workflowId ?? '';
          const state = `${execution.status}:${execution.closeTime?.seconds ?? ''}:${execution.searchAttributes?.indexedFields?.ConveyorStarted ? 1 : 0}`;
          if (seen.get(id) !== state) {
            seen.set(id, state);
            stream.send('task', JSON.stringify({ task_id: id }));
          }
        }
        await stream.sleep(LIST_POLL_MS);
      }
      });
    },
  );
}

/** Starts an SSE response on the raw socket and tracks it in the open-streams gauge. */
function openStream(request: FastifyRequest, reply: FastifyReply, ctx: ApiContext) {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  raw.write(': connected\n\n');
  ctx.metrics.openStreams.inc();
  let open = true;
  let wake: (() => void) | undefined;
  const keepalive = setInterval(() => raw.write(': keepalive\n\n'), KEEPALIVE_MS);
  const closed = (): void => {
    if (!open) return;
    open = false;
    clearInterval(keepalive);
    ctx.metrics.openStreams.dec();
    wake?.();
  };
  request.raw.on('close', closed);
  return {
    open: () => open,
    send(event: string, data: string) {
      if (open) raw.write(`event: ${event}\ndata: ${data}\n\n`);
    },
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      }),
    /** Runs the stream's loop; a failure ends the stream with an `error` event instead of a broken socket. */
    async run(loop: () => Promise<void>) {
      let finished: () => void = () => undefined;
      const entry = { stop: closed, done: new Promise<void>((resolve) => (finished = resolve)) };
      ctx.streams.add(entry);
      try {
        await loop();
      } catch (error) {
        request.log.warn({ err: error }, 'event stream ended by an error');
        if (open) raw.write(`event: error\ndata: ${JSON.stringify({ error: { code: 'stream_failed', message: 'the stream could not go on; reconnect to resume' } })}\n\n`);
      } finally {
        closed();
        raw.end();
        ctx.streams.delete(entry);
        finished();
      }
    },
  };
}
