import { Client, Connection } from '@temporalio/client';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app';
import type { ZodApp } from '../../src/api/context';
import { errorBody } from '../../src/api/schemas/error-body';
import { loadSettings } from '../../src/config';
import { createLogger } from '../../src/log';
import { examplesProject } from '../helpers/examples';

/** Sends `request` as it is, on a connection of its own, and reads the answer until the server or a pause ends it. */
function sendRaw(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
      // A keep-alive answer is whole once its body is: no need to wait for the close.
      const [head = '', body = ''] = received.split('\r\n\r\n', 2);
      const length = /content-length: (\d+)/i.exec(head)?.[1];
      if (length !== undefined && Buffer.byteLength(body) >= Number(length)) socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received));
    socket.write(request);
  });
}

function parseAnswer(raw: string): { status: number; contentType: string | undefined; body: unknown } {
  const [head = '', body = ''] = raw.split('\r\n\r\n', 2);
  return { status: Number(head.split(' ')[1]), contentType: /content-type: ([^\r]+)/i.exec(head)?.[1], body: JSON.parse(body) };
}

/**
 * What a fetch or `app.inject` cannot send (they normalize `..` and refuse broken HTTP): raw bytes
 * on a socket. Node's refusals and the docs' static files answer in the one error shape with a
 * code of their own, on the API with a Temporal client that never connects.
 */
describe('Task API refusals below the routes', () => {
  let app: ZodApp;
  let port: number;

  beforeAll(async () => {
    const settings = loadSettings({ CONVEYOR_LOG_LEVEL: 'fatal' });
    const nowhere = new Client({ connection: Connection.lazy({ address: '127.0.0.1:9' }) });
    app = await buildApp({ client: nowhere, registry: (await examplesProject()).registry, settings, log: createLogger('raw-http-test', settings.log) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(() => app?.close());

  it.each([
    ['headers over Node’s limit', `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
    ['a start line that is not HTTP', 'HELLO THERE\r\n\r\n', 400, 'malformed_request'],
    ['a chunked body whose chunk size is not a number', 'POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n', 400, 'malformed_request'],
    ['a Content-Length that is not a number', 'POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ten\r\n\r\n{}', 400, 'malformed_request'],
    ['a static path climbing out of the docs folder', 'GET /docs/static/../../tasks HTTP/1.1\r\nHost: localhost\r\n\r\n', 403, 'forbidden'],
    ['a static path climbing out, percent-encoded', 'GET /docs/static/%2e%2e/%2e%2e/tasks HTTP/1.1\r\nHost: localhost\r\n\r\n', 403, 'forbidden'],
    ['a static file that is not there', 'GET /docs/static/no-such-file.js HTTP/1.1\r\nHost: localhost\r\n\r\n', 404, 'route_not_found'],
  ])('%s → %s %s', async (_name, request, status, code) => {
    const answer = parseAnswer(await sendRaw(port, request));
    expect(answer.status).toBe(status);
    expect(answer.contentType).toContain('application/json');
    expect(Object.keys(answer.body as object)).toEqual(['error']);
    expect(errorBody.parse(answer.body).error.code).toBe(code);
  });

  it('the API still answers after each refusal', async () => {
    expect(parseAnswer(await sendRaw(port, 'GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n'))).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});
