import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRequestError, createApiClient, taskPath } from './api-client';

/** Canned answers by path, standing in for the API (and for things that are not the API). */
const ANSWERS: Record<string, { status: number; type: string; body: string }> = {
  '/ok': { status: 200, type: 'application/json', body: '{"fine":true}' },
  '/unknown': { status: 404, type: 'application/json', body: '{"error":{"code":"task_not_found","message":"no task with id \\"x\\""}}' },
  '/down': { status: 503, type: 'application/json', body: '{"error":{"code":"temporal_unavailable","message":"Temporal is not reachable\\nright now"}}' },
  '/proxy-page': { status: 404, type: 'text/html', body: '<html>Not Found</html>' },
  '/not-json': { status: 200, type: 'text/html', body: '<html>hello</html>' },
};

describe('createApiClient', () => {
  let server: Server;
  let url: string;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ url: request.url ?? '', headers: request.headers });
      const answer = ANSWERS[(request.url ?? '').split('?')[0] ?? ''] ?? ANSWERS['/ok']!;
      response.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the key as a Bearer key and the query without unset values', async () => {
    const api = createApiClient({ url, key: 'k-123' });
    expect(await api.get('/ok', { status: 'queued', queue: undefined, limit: 5 })).toEqual({ status: 200, body: { fine: true } });
    expect(seen.at(-1)).toMatchObject({ url: '/ok?status=queued&limit=5', headers: { authorization: 'Bearer k-123' } });
    await createApiClient({ url, key: undefined }).get('/ok');
    expect(seen.at(-1)?.headers.authorization).toBeUndefined();
  });

  it("turns a 4xx into an ApiRequestError carrying the API's message and code", async () => {
    const error = await createApiClient({ url, key: undefined }).get('/unknown').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 404, code: 'task_not_found', message: 'no task with id "x" (404 task_not_found)' });
  });

  it('turns a 5xx into a plain error on one line', async () => {
    const error = await createApiClient({ url, key: undefined }).get('/down').catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ApiRequestError);
    expect((error as Error).message).toBe('the API failed: Temporal is not reachable right now (503 temporal_unavailable)');
  });

  it('keeps the HTTP status when the answer is not the API (a proxy page, another server)', async () => {
    const api = createApiClient({ url, key: undefined });
    await expect(api.get('/proxy-page')).rejects.toMatchObject({ status: 404, code: 'http_404', message: 'HTTP 404 Not Found (404 http_404)' });
    await expect(api.get('/not-json')).rejects.toThrow(/not JSON.*CONVEYOR_API_URL/);
  });

  it('names the URL it could not reach, and how to start the API', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(createApiClient({ url: deadUrl, key: 'secret-key' }).get('/ok')).rejects.toThrow(
      new RegExp(`^cannot reach the Conveyor API at ${deadUrl} \\(ECONNREFUSED\\); is \`npm start\``),
    );
  });

  it('encodes task ids in paths', () => {
    expect(taskPath('a/b c?', '/result')).toBe('/tasks/a%2Fb%20c%3F/result');
  });
});
