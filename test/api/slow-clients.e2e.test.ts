import { connect, type Socket } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSse } from '../../src/client/sse';
import { errorBody } from '../../src/api/schemas/error-body';
import { useApi } from '../helpers/api-harness';
import { sharedServerEnv, uniqueQueue } from '../helpers/temporal';

/** Short, so that each cut comes within seconds; the default is 30s. */
const REQUEST_TIMEOUT = '2s';
/** Longer than the request timeout and Node's check interval together. */
const PAST_THE_TIMEOUT_MS = 4000;

/** A raw connection that sends `head` and then one byte of `body` every `everyMs`, and records what comes back. */
function trickle(port: number, head: string, body = '', everyMs = 400): { socket: Socket; closed: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  let sent = 0;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  socket.write(head);
  const timer = setInterval(() => {
    if (sent < body.length && socket.writable) socket.write(body[sent++] ?? '');
  }, everyMs);
  const closed = new Promise<string>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    });
  });
  return { socket, closed };
}

/** The status line and the JSON body of a raw HTTP answer. */
function parseAnswer(raw: string): { status: number; body: unknown } {
  const [head = '', body = ''] = raw.split('\r\n\r\n', 2);
  return { status: Number(head.split(' ')[1]), body: JSON.parse(body) };
}

/**
 * Clients that send their request slowly are answered 408 and cut off after
 * CONVEYOR_API_REQUEST_TIMEOUT, while /health answers; answers that take long by design (a result
 * wait, an event stream) are never cut, since the timeout covers receiving the request only.
 */
describe('Task API slow clients', () => {
  const harness = useApi({ ...sharedServerEnv(), CONVEYOR_API_REQUEST_TIMEOUT: REQUEST_TIMEOUT });
  let port: number;
  let task: string;

  beforeAll(async () => {
    port = Number(new URL(harness.api.base).port);
    // On a queue no worker serves: the task stays queued until the test cancels it.
    const submitted = await harness.api.call<{ task_id: string }>('POST', '/tasks', { body: { task_name: 'example_long_running', queue: uniqueQueue('slow-clients') } });
    expect(submitted.status).toBe(201);
    task = submitted.body.task_id;
  });

  it('a body sent one byte at a time is answered 408 request_timeout and the connection closed, while /health answers', async () => {
    const body = JSON.stringify({ task_name: 'example_long_running', queue: 'never-reached' });
    const head = `POST /tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const slow = Array.from({ length: 10 }, () => trickle(port, head, body));
    for (let i = 0; i < 3; i++) expect((await harness.api.call('GET', '/health')).status).toBe(200);
    for (const raw of await Promise.all(slow.map((connection) => connection.closed))) {
      const answer = parseAnswer(raw);
      expect(answer.status, raw).toBe(408);
      expect(errorBody.parse(answer.body).error.code).toBe('request_timeout');
    }
    // The trickled body never became a task.
    const listed = await harness.api.call<{ tasks: unknown[] }>('GET', '/tasks?queue=never-reached');
    expect(listed.body.tasks).toEqual([]);
  });

  it('headers sent slowly are answered 408 request_timeout in the one error shape', async () => {
    const { closed } = trickle(port, 'GET /health HTTP/1.1\r\n', 'Host: 127.0.0.1\r\nX-Slow: '.padEnd(200, 'x'));
    const answer = parseAnswer(await closed);
    expect(answer.status).toBe(408);
    expect(errorBody.parse(answer.body).error.code).toBe('request_timeout');
  });

  it('a result request waiting longer than the request timeout is answered, not cut', async () => {
    const waited = await harness.api.call('GET', `/tasks/${task}/result?wait=${PAST_THE_TIMEOUT_MS / 1000}s`);
    expect(waited.status).toBe(202);
    expect(waited.body.status).toBe('queued');
  });

  it('an event stream stays open past the request timeout and delivers the end of the task', async () => {
    const response = await fetch(`${harness.api.base}/tasks/${task}/events`);
    expect(response.status).toBe(200);
    const events = readSse(response.body!);
    expect((await events.next()).value).toMatchObject({ event: 'status' });
    await new Promise((resolve) => setTimeout(resolve, PAST_THE_TIMEOUT_MS));
    expect((await harness.api.call('POST', `/tasks/${task}/cancel?mode=terminate`)).status).toBe(200);
    let last: { event?: string } | undefined;
    for await (const event of events) last = event;
    expect(last?.event).toBe('terminated');
  });
});
