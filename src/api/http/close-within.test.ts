import { connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { closeWithin } from './close-within';

/**
 * A streamed answer (as @fastify/static sends a file) larger than loopback's socket buffers hold: a
 * client that stops reading leaves it unfinished. (A buffer answer is ended at once, however large,
 * and its connection counts as idle.)
 */
function largeAnswer(): Readable {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  return Readable.from((function* () {
    for (let sent = 0; sent < 512; sent += 1) yield chunk;
  })());
}

/** `/slow` tells `reached` it has the request, and answers once `release` is called. */
function slowRoute(): { reached: Promise<void>; release: () => void; handler: () => Promise<unknown> } {
  let reachedRoute!: () => void;
  const reached = new Promise<void>((resolve) => (reachedRoute = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    reached,
    release,
    handler: async () => {
      reachedRoute();
      await released;
      return { answered: true };
    },
  };
}

async function serve(slow = slowRoute()): Promise<{ app: FastifyInstance; port: number }> {
  const app = Fastify();
  app.get('/large', (_request, reply) => reply.type('application/octet-stream').send(largeAnswer()));
  app.get('/slow', slow.handler);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, port: (app.server.address() as AddressInfo).port };
}

/** A raw connection that asks for `path`, then reads nothing more; resolves `closed` once the server closes it. */
function stalledRequest(port: number, path: string): Promise<{ socket: Socket; closed: Promise<void> }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      // The first bytes of the answer have come: the server is writing it. Read no more.
      socket.once('data', () => {
        socket.pause();
        resolve({ socket, closed: new Promise((closed) => socket.once('close', () => closed())) });
      });
    });
    socket.on('error', () => undefined);
  });
}

describe('closeWithin', () => {
  let app: FastifyInstance | undefined;
  afterEach(() => app?.server.closeAllConnections());

  it('cuts a connection whose client stopped reading once the grace period is over, where a plain close would wait for it forever', async () => {
    const served = await serve();
    app = served.app;
    const stalled = await stalledRequest(served.port, '/large');
    const closing = app.close();
    let plainCloseEnded = false;
    void closing.then(() => (plainCloseEnded = true));
    const cut = await closeWithin(app.server, closing, 500);
    expect(cut).toBe(1);
    // The client reads again: what the kernel still held, then the end of the connection.
    stalled.socket.resume();
    await stalled.closed;
    // Nothing but the cut ended the close.
    expect(plainCloseEnded).toBe(true);
  });

  it('lets a request in flight finish within the grace period, and cuts nothing', async () => {
    const slow = slowRoute();
    const served = await serve(slow);
    app = served.app;
    const answer = fetch(`http://127.0.0.1:${served.port}/slow`).then((response) => response.json());
    await slow.reached;
    const closed = closeWithin(app.server, app.close(), 60_000);
    slow.release();
    expect(await closed).toBe(0);
    expect(await answer).toEqual({ answered: true });
  });
});
