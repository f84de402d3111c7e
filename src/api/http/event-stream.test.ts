import { get, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../config';
import type { ApiContext } from '../context';
import { openStream } from './event-stream';
import { createMetrics } from './metrics';

type StreamContext = Pick<ApiContext, 'streams' | 'settings' | 'metrics' | 'closing'>;

function streamContext(closing = new AbortController().signal): StreamContext {
  return { streams: new Set(), settings: loadSettings({}), metrics: createMetrics(), closing };
}

/**
 * `/stream` opens its stream once `openWhen` resolves (given the request's own `close`), as
 * GET /tasks/{id}/events opens its stream once it has read the task from Temporal. `opened` says
 * whether the stream was open when handed over; `runOver`, once the run is over (the response
 * too), whether its loop ran.
 */
async function serveStream(ctx: StreamContext, openWhen: (clientGone: Promise<void>) => Promise<void>) {
  const app = Fastify();
  app.decorateRequest('principal', null as unknown as { name: string; role: 'admin' });
  app.addHook('onRequest', (request, _reply, done) => {
    request.principal = { name: 'tester', role: 'admin' };
    done();
  });
  let reachedRoute!: () => void;
  const reached = new Promise<void>((resolve) => (reachedRoute = resolve));
  let handOver!: (open: boolean) => void;
  const opened = new Promise<boolean>((resolve) => (handOver = resolve));
  let served!: (loopRan: boolean) => void;
  const runOver = new Promise<boolean>((resolve) => (served = resolve));
  app.get('/stream', async (request, reply) => {
    const clientGone = new Promise<void>((resolve) => request.raw.once('close', () => resolve()));
    reachedRoute();
    await openWhen(clientGone);
    const stream = openStream(request, reply, ctx);
    handOver(stream.open());
    let loopRan = false;
    await stream.run(async () => {
      loopRan = true;
      await stream.ended;
    });
    served(loopRan);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, port: (app.server.address() as AddressInfo).port, reached, opened, runOver };
}

async function openStreamsGauge(ctx: StreamContext): Promise<number | undefined> {
  return (await ctx.metrics.openStreams.get()).values[0]?.value;
}

describe('openStream', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('ends at once, without running its loop or staying counted, a stream whose client left before it opened', async () => {
    const ctx = streamContext();
    const served = await serveStream(ctx, (clientGone) => clientGone);
    app = served.app;
    const client = httpRequest({ port: served.port, path: '/stream' });
    client.on('error', () => undefined);
    client.end();
    await served.reached;
    client.destroy();

    expect(await served.opened).toBe(false);
    // Over, not waiting for a `close` that came before it listened (what held the API's close).
    expect(await served.runOver).toBe(false);
    expect(ctx.streams.size).toBe(0);
    expect(await openStreamsGauge(ctx)).toBe(0);
  });

  it('ends at once with a reconnect event, closing its connection, a stream asked for while the server closes', async () => {
    const closing = new AbortController();
    const ctx = streamContext(closing.signal);
    const served = await serveStream(ctx, async () => undefined);
    app = served.app;
    closing.abort();
    const answered = new Promise<{ connection: string | undefined; body: string; socketClosed: Promise<void> }>((resolve, reject) => {
      get({ port: served.port, path: '/stream' }, (response) => {
        const socketClosed = new Promise<void>((closed) => response.socket.once('close', () => closed()));
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ connection: response.headers.connection, body, socketClosed }));
      }).on('error', reject);
    });

    expect(await served.opened).toBe(false);
    const answer = await answered;
    expect(answer.connection).toBe('close');
    expect(answer.body).toContain('event: reconnect\ndata: {"reason":"server_closing"');
    // The server closed the connection: a closing server would wait out an idle one's keep-alive.
    await answer.socketClosed;
    expect(await served.runOver).toBe(false);
    expect(ctx.streams.size).toBe(0);
    expect(await openStreamsGauge(ctx)).toBe(0);
  });
});
