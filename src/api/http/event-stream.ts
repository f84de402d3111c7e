import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from '../context';
import { streamCapRefusal } from './stream-caps';

/** A comment line now and then keeps proxies from closing an idle stream (docs/http-api.md names it). */
const KEEPALIVE_MS = 15_000;
/** The SSE `retry:` every stream asks an EventSource to reconnect after, sent first and again when the server ends it. */
const RECONNECT_AFTER_MS = 1000;

/** How every stream keeps its connection and asks to be reopened, as the OpenAPI descriptions say it. */
export const STREAM_KEEPING = `The stream starts with \`retry: ${RECONNECT_AFTER_MS}\`, sends a \`: keepalive\` comment every ${KEEPALIVE_MS / 1000} seconds`;

/** Why the server ended a stream that the client should open again. */
type EndReason = 'lifetime' | 'server_closing';

const END_MESSAGES: Record<EndReason, string> = {
  lifetime: 'the stream reached its longest life (CONVEYOR_STREAM_MAX_LIFETIME); reconnect to resume',
  server_closing: 'the API is shutting down; reconnect to resume',
};

/**
 * Starts an SSE response on the raw socket, counted against the caller's and the API's stream
 * caps (a refusal is thrown before anything is written, so it answers in the one error shape) and
 * in the open-streams gauge. The server ends it after CONVEYOR_STREAM_MAX_LIFETIME, or when it
 * closes, with a `reconnect` event: a clean end the client resumes from by opening the stream
 * again, sending the last event's `id:` as Last-Event-ID (see {@link lastEventId}); a stream that
 * does not know that id starts with the current state, so nothing is lost in between either way.
 */
export function openStream(request: FastifyRequest, reply: FastifyReply, ctx: Pick<ApiContext, 'streams' | 'settings' | 'metrics' | 'closing'>) {
  const principal = request.principal.name;
  const refusal = streamCapRefusal(ctx.streams, principal, ctx.settings.api);
  if (refusal) throw refusal;
  reply.hijack();
  const raw = reply.raw;
  // A client that left while the route read its task had its `close` then, and a listener added
  // now would wait for it forever (holding the server's close): its stream is over before it opens.
  const clientLeft = raw.destroyed;
  // A stream asked for while the server already closes (its task read took that long) ends at once,
  // as the open ones were ended, and takes its connection with it: the server's close no longer
  // closes connections that go idle, and would wait out their keep-alive.
  const serverClosing = ctx.closing.aborted;
  if (!clientLeft) {
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: serverClosing ? 'close' : 'keep-alive', 'x-accel-buffering': 'no' });
    raw.write(`: connected\nretry: ${RECONNECT_AFTER_MS}\n\n`);
  }
  // The response's `close` comes once it is sent, or at once if the client goes.
  const responseOver = clientLeft ? Promise.resolve() : new Promise<void>((resolve) => raw.once('close', () => resolve()));
  ctx.metrics.openStreams.inc();
  let open = true;
  let wake: (() => void) | undefined;
  let ended: () => void = () => undefined;
  const endedPromise = new Promise<void>((resolve) => (ended = resolve));
  const keepalive = setInterval(() => raw.write(': keepalive\n\n'), KEEPALIVE_MS);
  const closed = (): void => {
    if (!open) return;
    open = false;
    clearInterval(keepalive);
    clearTimeout(lifetime);
    ctx.metrics.openStreams.dec();
    wake?.();
    ended();
  };
  const endForReconnect = (reason: EndReason): void => {
    if (open) raw.write(`retry: ${RECONNECT_AFTER_MS}\nevent: reconnect\ndata: ${JSON.stringify({ reason, message: END_MESSAGES[reason] })}\n\n`);
    closed();
  };
  const lifetime = setTimeout(() => endForReconnect('lifetime'), ctx.settings.api.streamMaxLifetimeMs);
  if (clientLeft) closed();
  else request.raw.on('close', closed);
  // Counted from now, synchronously after the check: two requests cannot both take the last slot.
  let finished: () => void = () => undefined;
  const entry = { principal, stop: () => endForReconnect('server_closing'), done: new Promise<void>((resolve) => (finished = resolve)) };
  ctx.streams.add(entry);
  if (serverClosing) entry.stop();
  return {
    open: () => open,
    /** Resolves once the stream is over: the client left, its lifetime ran out, or the server closes. */
    ended: endedPromise,
    /** Writes one event; `id` (one line) is what a client that reconnects sends back as Last-Event-ID. */
    send(event: string, data: string, id: string) {
      if (open) raw.write(`id: ${id}\nevent: ${event}\ndata: ${data}\n\n`);
    },
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      }),
    /** Runs the stream's loop (not at all if the client has left); a failure ends the stream with an `error` event instead of a broken socket. Call it at once. */
    async run(loop: () => Promise<void>) {
      try {
        if (open) await loop();
      } catch (error) {
        request.log.warn({ err: error }, 'event stream ended by an error');
        if (open) raw.write(`event: error\ndata: ${JSON.stringify({ error: { code: 'stream_failed', message: 'the stream could not go on; reconnect to resume' } })}\n\n`);
      } finally {
        closed();
        // Done once the response is over, not merely asked to end: a closing server then finds the
        // connection idle, and closes it instead of waiting for the client's keep-alive.
        raw.end();
        await responseOver;
        ctx.streams.delete(entry);
        finished();
      }
    },
  };
}

/** The `Last-Event-ID` a reconnecting client sent: the `id:` of the last event it has, if any. */
export function lastEventId(request: FastifyRequest): string | undefined {
  const header = request.headers['last-event-id'];
  const id = Array.isArray(header) ? header[0] : header;
  return id ? id : undefined;
}
