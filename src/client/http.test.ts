import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConveyorApiError, ConveyorUnreachableError } from './errors';
import { createHttpClient, taskPath } from './http';

/** Canned answers by path, standing in for the API (and for things that are not the API). */
const ANSWERS: Record<string, { status: number; type: string; body: string }> = {
  '/ok': { status: 200, type: 'application/json', body: '{"fine":true}' },
  '/unknown': { status: 404, type: 'application/json', body: '{"error":{"code":"task_not_found","message":"no task with id \\"x\\""}}' },
  '/invalid': {
    status: 422,
    type: 'application/json',
    body: '{"error":{"code":"invalid_parameters","message":"name: Too small","details":{"fields":[{"field":"parameters.name","message":"Too small"}]}}}',
  },
  '/down': { status: 503, type: 'application/json', body: '{"error":{"code":"temporal_unavailable","message":"Temporal is not reachable\\nright now"}}' },
  '/proxy-page': { status: 404, type: 'text/html', body: '<html>Not Found</html>' },
  '/not-json': { status: 200, type: 'text/html', body: '<html>hello</html>' },
};

describe('createHttpClient', () => {
  let server: Server;
  let url: string;
  const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
        const answer = ANSWERS[(request.url ?? '').split('?')[0] ?? ''] ?? ANSWERS['/ok']!;
        response.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the key as a Bearer key and the query without unset values', async () => {
    const api = createHttpClient({ url, apiKey: 'k-123' });
    expect(await api.request('GET', '/ok', { query: { status: 'queued', queue: undefined, limit: 5 } })).toEqual({ status: 200, body: { fine: true } });
    expect(seen.at(-1)).toMatchObject({ url: '/ok?status=queued&limit=5', headers: { authorization: 'Bearer k-123' } });
    await createHttpClient({ url }).request('GET', '/ok');
    expect(seen.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('sends a JSON body with its content type, and extra headers', async () => {
    await createHttpClient({ url }).request('POST', '/ok', { body: { task_name: 'greet' }, headers: { 'idempotency-key': 'k1' } });
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      body: '{"task_name":"greet"}',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k1' },
    });
  });

  it('says JSON on a POST without a body (the API refuses a POST that does not), and not on a GET', async () => {
    await createHttpClient({ url }).request('POST', '/ok');
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: '', headers: { 'content-type': 'application/json' } });
    await createHttpClient({ url }).request('GET', '/ok');
    expect(seen.at(-1)?.headers['content-type']).toBeUndefined();
  });

  it("turns a 4xx into a ConveyorApiError carrying the API's status, code, message and details", async () => {
    const error = await createHttpClient({ url }).request('GET', '/invalid').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConveyorApiError);
    expect(error).toMatchObject({ status: 422, code: 'invalid_parameters', message: 'name: Too small', isClientError: true });
    expect((error as ConveyorApiError).details).toEqual({ fields: [{ field: 'parameters.name', message: 'Too small' }] });
    await expect(createHttpClient({ url }).request('GET', '/unknown')).rejects.toMatchObject({ status: 404, code: 'task_not_found', message: 'no task with id "x"' });
  });

  it('turns a 5xx into a ConveyorApiError on one line, marked as not the caller’s mistake', async () => {
    const error = await createHttpClient({ url }).request('GET', '/down').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 'temporal_unavailable', message: 'Temporal is not reachable right now', isClientError: false });
  });

  it('keeps the HTTP status when the answer is not the API (a proxy page, another server)', async () => {
    const api = createHttpClient({ url });
    await expect(api.request('GET', '/proxy-page')).rejects.toMatchObject({ status: 404, code: 'http_404', message: 'HTTP 404 Not Found' });
    await expect(api.request('GET', '/not-json')).rejects.toThrow(/not JSON/);
  });

  it('names the URL it could not reach, and never the key', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await createHttpClient({ url: deadUrl, apiKey: 'secret-key' })
      .request('GET', '/ok')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConveyorUnreachableError);
    expect((error as Error).message).toBe(`cannot reach the Conveyor API at ${deadUrl} (ECONNREFUSED)`);
    expect((error as Error).message).not.toContain('secret-key');
  });

  it('sends a user and password from the URL as HTTP Basic, and never names them, also when unreachable', async () => {
    const withUser = url.replace('http://', 'http://ann:s%C3%A9cret%40x@');
    const api = createHttpClient({ url: withUser });
    expect(api.url).toBe(url);
    await api.request('GET', '/ok?who');
    expect(seen.find((request) => request.url === '/ok?who')?.headers.authorization).toBe(`Basic ${Buffer.from('ann:sécret@x').toString('base64')}`);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await createHttpClient({ url: deadUrl.replace('http://', 'http://ann:hunter2@') })
      .request('GET', '/ok')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConveyorUnreachableError);
    expect((error as Error).message).toBe(`cannot reach the Conveyor API at ${deadUrl} (ECONNREFUSED)`);
    expect((error as ConveyorUnreachableError).url).toBe(deadUrl);
  });

  it('encodes task ids in paths', () => {
    expect(taskPath('a/b c?', '/result')).toBe('/tasks/a%2Fb%20c%3F/result');
  });
});
