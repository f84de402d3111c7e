import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from './create-client';
import { ConveyorApiError, ConveyorUnreachableError } from './errors';
import { askThroughRestart } from './through-restart';

const RUNNING = { task_id: 't1', status: 'running', progress: null, workflow_task_failure: null, failure: null };
const DONE = { ...RUNNING, status: 'completed', result: { ok: true } };

/** How long the stand-in API stays away when it restarts: far longer than the client takes to ask again. */
const AWAY_MS = 300;

/**
 * A stand-in Task API on a loopback port that can restart: stop listening (its open connections
 * answer on) and listen on the same port again `AWAY_MS` later, as `conveyor dev` hands its port
 * from a worker to the one it reloaded. `answer` gets each request with its number, from 1.
 */
async function restartingApi(answer: (request: IncomingMessage, response: ServerResponse, number: number) => void) {
  let served = 0;
  const handler = (request: IncomingMessage, response: ServerResponse): void => answer(request, response, ++served);
  let server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let back: Promise<void> = Promise.resolve();
  return {
    url: `http://127.0.0.1:${port}`,
    served: () => served,
    /** Stops listening now, and listens again once the API is back. */
    restart(): void {
      server.close();
      back = new Promise<void>((resolve) =>
        setTimeout(() => {
          server = createServer(handler);
          server.listen(port, '127.0.0.1', resolve);
        }, AWAY_MS),
      );
    },
    async close(): Promise<void> {
      await back;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
  response.end(JSON.stringify(body));
}

describe('the typed client through an API restart', () => {
  let api: Awaited<ReturnType<typeof restartingApi>> | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('asks a result wait again of the API that answered it, once it listens again after a restart', async () => {
    api = await restartingApi((_request, response, number) => {
      if (number > 1) {
        json(response, 200, DONE);
      } else {
        // A stopping API answers its waits at once with the status, and is gone when the client asks again.
        api?.restart();
        json(response, 202, RUNNING);
      }
    });
    expect(await createClient({ url: api.url }).task('t1').result({ wait: '1m' })).toEqual({ ok: true });
    expect(api.served()).toBe(2);
  });

  it('reopens an event stream the server asked to be reopened, once the API listens again after a restart', async () => {
    api = await restartingApi((_request, response, number) => {
      response.writeHead(200, { 'content-type': 'text/event-stream', connection: 'close' });
      if (number > 1) {
        response.end(`id: s2\nevent: completed\ndata: ${JSON.stringify(DONE)}\n\n`);
      } else {
        api?.restart();
        response.end(`id: s1\nevent: status\ndata: ${JSON.stringify(RUNNING)}\n\nevent: reconnect\ndata: {"reason":"server_closing"}\n\n`);
      }
    });
    const read: string[] = [];
    for await (const { event } of createClient({ url: api.url }).events('t1')) read.push(event);
    expect(read).toEqual(['status', 'completed']);
  });

  it('still fails at once when its first request cannot reach the API (a wrong URL, an API not started)', async () => {
    api = await restartingApi((_request, response) => json(response, 200, DONE));
    api.restart();
    // Back within AWAY_MS: a client that asked again would get the result instead of the error.
    await expect(createClient({ url: api.url }).task('t1').result({ wait: '1m' })).rejects.toBeInstanceOf(ConveyorUnreachableError);
  });
});

describe('askThroughRestart', () => {
  const unreachable = new ConveyorUnreachableError('http://127.0.0.1:1', 'ECONNREFUSED');

  it('gives up with the last error once the API has stayed away for the whole window', async () => {
    let asked = 0;
    const ask = (): Promise<never> => {
      asked += 1;
      return Promise.reject(unreachable);
    };
    await expect(askThroughRestart(ask, 400)).rejects.toBe(unreachable);
    expect(asked).toBeGreaterThan(1);
  });

  it('asks once when the API answered, even with a refusal', async () => {
    let asked = 0;
    const refusal = new ConveyorApiError(404, 'task_not_found', 'no task with id "t1"');
    const ask = (): Promise<never> => {
      asked += 1;
      return Promise.reject(refusal);
    };
    await expect(askThroughRestart(ask)).rejects.toBe(refusal);
    expect(asked).toBe(1);
  });
});
