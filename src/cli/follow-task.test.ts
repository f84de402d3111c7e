import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client';
import { ConveyorApiError } from '../client/errors';
import { followToEnd } from './follow-task';

const TERMINAL = { task_id: 't1', status: 'completed', progress: null, workflow_task_failure: null, failure: null };

/**
 * A stand-in Task API over loopback HTTP: each request to a task's event stream takes the next
 * scripted answer (a refusal with its Retry-After, or a stream with the task's terminal event).
 */
describe('followToEnd (tasks watch, submit --wait)', () => {
  let server: Server;
  let url: string;
  let script: { status: number; retryAfter?: string; code?: string }[] = [];
  let opened: number[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      opened.push(performance.now());
      const next = script.shift() ?? { status: 200 };
      if (next.status !== 200) {
        const headers = { 'content-type': 'application/json', ...(next.retryAfter === undefined ? {} : { 'retry-after': next.retryAfter }) };
        response.writeHead(next.status, headers).end(JSON.stringify({ error: { code: next.code ?? 'too_many_streams', message: `refused (${request.url})` } }));
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' }).end(`event: completed\ndata: ${JSON.stringify(TERMINAL)}\n\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    opened = [];
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('opens a stream the API refused for now (429, 503) again after the Retry-After it asked for, and follows it to the end', async () => {
    script = [
      { status: 429, retryAfter: '1' },
      { status: 503, retryAfter: '0', code: 'temporal_rate_limited' },
    ];
    const last = await followToEnd(createClient({ url }), 't1', () => undefined);
    expect(last).toMatchObject({ task_id: 't1', status: 'completed' });
    expect(opened).toHaveLength(3);
    // The second attempt waited out the first refusal's Retry-After (a lower bound: a slow machine only waits longer).
    expect(opened[1]! - opened[0]!).toBeGreaterThanOrEqual(950);
  });

  it('gives up at once on a refusal that waiting cannot change (404), with the API\'s error', async () => {
    script = [{ status: 404, code: 'task_not_found' }];
    await expect(followToEnd(createClient({ url }), 't1', () => undefined)).rejects.toMatchObject({ status: 404, code: 'task_not_found' });
    expect(opened).toHaveLength(1);
  });

  it('ends with the API\'s own refusal when it keeps refusing', async () => {
    script = Array.from({ length: 6 }, () => ({ status: 429, retryAfter: '0' }));
    const failure = await followToEnd(createClient({ url }), 't1', () => undefined).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConveyorApiError);
    expect(failure).toMatchObject({ status: 429, code: 'too_many_streams', retryAfterSeconds: 0 });
    expect(opened).toHaveLength(6);
  });
});
