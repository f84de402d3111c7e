import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from './context';

/** A comment line now and then keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

/** Starts an SSE response on the raw socket and tracks it in the open-streams gauge. */
export function openStream(request: FastifyRequest, reply: FastifyReply, ctx: ApiContext) {
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
