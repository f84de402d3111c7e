import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient } from '../../src/client/create-client';
import { startApi, type RunningApi } from '../helpers/api-harness';
import { runCli } from '../helpers/cli';
import { connectShared, sharedServerEnv } from '../helpers/temporal';
import { until } from '../helpers/until';

const SECRET = { alice: `alice-${randomUUID()}`, bob: `bob-${randomUUID()}`, root: `root-${randomUUID()}` };
const AS = {
  alice: { authorization: `Bearer ${SECRET.alice}` },
  bob: { authorization: `Bearer ${SECRET.bob}` },
  root: { authorization: `Bearer ${SECRET.root}` },
};
const KEYS = { CONVEYOR_AUTH: 'keys', CONVEYOR_API_KEYS: `alice:submitter:${SECRET.alice},bob:submitter:${SECRET.bob},root:admin:${SECRET.root}` };

/** A stream request in flight: its status, and for a 200 the body read so far, until `close`. */
interface OpenedStream {
  status: number;
  headers: Headers;
  /** Everything the server wrote, raw (200) or the error body. */
  text(): string;
  /** Resolves once the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

async function openRaw(url: string, headers: Record<string, string>): Promise<OpenedStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  let received = '';
  const decoder = new TextDecoder();
  const ended = (async () => {
    for await (const chunk of response.body!) received += decoder.decode(chunk as Uint8Array, { stream: true });
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) throw error;
  });
  if (response.status !== 200) await ended;
  return { status: response.status, headers: response.headers, text: () => received, ended, close: () => abort.abort() };
}

/** A client of the shared dev server that counts its DescribeWorkflowExecution calls, by workflow id. */
async function countingDescribes(): Promise<{ client: Client; describes: Map<string, number> }> {
  const describes = new Map<string, number>();
  const counting: grpc.Interceptor = (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      sendMessage(message: Uint8Array, next: (message: Uint8Array) => void) {
        if (options.method_definition.path.endsWith('/DescribeWorkflowExecution')) {
          const id = temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.decode(message).execution?.workflowId;
          if (id) describes.set(id, (describes.get(id) ?? 0) + 1);
        }
        next(message);
      },
    });
  const connection = await Connection.connect({ address: inject('temporalAddress'), interceptors: [counting] });
  return { client: new Client({ connection, namespace: 'default' }), describes };
}

/** Live stream caps and lifetimes (CONVEYOR_STREAMS_PER_PRINCIPAL, CONVEYOR_STREAMS_MAX, CONVEYOR_STREAM_MAX_LIFETIME), over real HTTP. */
describe('Task API: live stream limits', () => {
  let client: Client;
  const opened: OpenedStream[] = [];
  const apis: RunningApi[] = [];
  const start = async (env: NodeJS.ProcessEnv, over: Client = client): Promise<RunningApi> => {
    const api = await startApi(over, { ...KEYS, ...env });
    apis.push(api);
    return api;
  };
  const open = async (api: RunningApi, path: string, headers: Record<string, string>): Promise<OpenedStream> => {
    const stream = await openRaw(`${api.base}${path}`, headers);
    opened.push(stream);
    return stream;
  };
  const openGauge = async (api: RunningApi): Promise<number> => {
    const text = (await api.call<string>('GET', '/metrics', { headers: AS.root })).body;
    return Number(/^conveyor_sse_streams_open (\d+)/m.exec(text)?.[1] ?? NaN);
  };

  beforeAll(async () => {
    client = await connectShared();
  });
  afterEach(async () => {
    for (const stream of opened.splice(0)) stream.close();
    for (const api of apis.splice(0)) await api.close();
  });
  afterAll(async () => {
    await client?.connection.close();
  });

  it("past a caller's cap answers 429 too_many_streams, past the API's 503 stream_capacity, both with Retry-After; a closed stream frees its slot", async () => {
    const api = await start({ CONVEYOR_STREAMS_PER_PRINCIPAL: '2', CONVEYOR_STREAMS_MAX: '3' });
    const alice = [await open(api, '/tasks/events', AS.alice), await open(api, '/tasks/events', AS.alice)];
    expect(alice.map((stream) => stream.status)).toEqual([200, 200]);

    const third = await open(api, '/tasks/events', AS.alice);
    expect(third.status, third.text()).toBe(429);
    expect(JSON.parse(third.text())).toMatchObject({ error: { code: 'too_many_streams', details: { open_streams: 2, max_streams: 2 } } });
    expect(JSON.parse(third.text()).error.message).toContain('CONVEYOR_STREAMS_PER_PRINCIPAL');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);

    // Another caller has slots of its own, until the API's cap.
    const bob = await open(api, '/tasks/events', AS.bob);
    expect(bob.status).toBe(200);
    const overall = await open(api, '/tasks/events', AS.bob);
    expect(overall.status, overall.text()).toBe(503);
    expect(JSON.parse(overall.text())).toMatchObject({ error: { code: 'stream_capacity', details: { max_streams: 3 } } });
    expect(Number(overall.headers.get('retry-after'))).toBeGreaterThan(0);

    // A client that goes frees its slot: the server sees the socket close.
    alice[0]!.close();
    const again = await until(
      () => open(api, '/tasks/events', AS.alice),
      (stream) => stream.status === 200,
    );
    expect(again.status).toBe(200);
  });

  it('ends a stream at its lifetime with a reconnect event and a retry field, and frees its slot', async () => {
    const api = await start({ CONVEYOR_STREAMS_PER_PRINCIPAL: '1', CONVEYOR_STREAM_MAX_LIFETIME: '1s' });
    const first = await open(api, '/tasks/events', AS.alice);
    expect(first.status).toBe(200);
    await first.ended;
    expect(first.text()).toMatch(/retry: \d+\nevent: reconnect\ndata: \{"reason":"lifetime","message":"[^"]*CONVEYOR_STREAM_MAX_LIFETIME[^"]*"\}\n\n$/);
    expect(await openGauge(api)).toBe(0);
    // The one slot is free again.
    const second = await open(api, '/tasks/events', AS.alice);
    expect(second.status, second.text()).toBe(200);
  });

  it('ends open streams with a reconnect event when the API closes', async () => {
    const api = await start({});
    const stream = await open(api, '/tasks/events', AS.alice);
    apis.splice(apis.indexOf(api), 1);
    await api.close();
    await stream.ended;
    expect(stream.text()).toMatch(/event: reconnect\ndata: \{"reason":"server_closing"/);
  });

  it("the typed client's task stream and `tasks watch` follow a task across stream lifetimes, the typed client without a reconnect event or a repeated state", async () => {
    const api = await start({ CONVEYOR_STREAM_MAX_LIFETIME: '1s' });
    const submitted = await api.call<{ task_id: string }>('POST', '/tasks', {
      body: { task_name: 'example_long_running', parameters: { duration: 4, message: 'across lifetimes' } },
      headers: AS.root,
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const id = submitted.body.task_id;
    const typed = createClient({ url: api.base, apiKey: SECRET.root });
    const events: string[] = [];
    const ids: (string | undefined)[] = [];
    for await (const { event, data, id: eventId } of typed.events(id)) {
      events.push(`${event}:${data.status}`);
      ids.push(eventId);
    }
    // Several streams' worth (each lives 1 s, the task 4 s), reopened from the last id: the task's
    // states up to its end, each once, and no `reconnect` among them.
    expect(events.at(-1)).toBe('completed:completed');
    expect(events.slice(0, -1).every((event) => event.startsWith('status:'))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);

    const watched = await runCli(['tasks', 'watch', id, '--json'], { ...sharedServerEnv(), CONVEYOR_API_URL: api.base, CONVEYOR_API_KEY: SECRET.root });
    expect(watched.code, watched.stderr).toBe(0);
    expect(JSON.parse(watched.stdout)).toMatchObject({ task_id: id, status: 'completed' });
  });

  it("viewers of one task share one read of it: the task's describe calls do not grow with its viewers", async () => {
    const counted = await countingDescribes();
    try {
      const api = await start({}, counted.client);
      const submit = async (message: string): Promise<string> => {
        const answer = await api.call<{ task_id: string }>('POST', '/tasks', { body: { task_name: 'example_long_running', parameters: { duration: 60, message } }, headers: AS.root });
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
        return answer.body.task_id;
      };
      const [watched, alone] = [await submit('five viewers'), await submit('one viewer')];
      try {
        const viewers: OpenedStream[] = [];
        for (let i = 0; i < 5; i++) viewers.push(await open(api, `/tasks/${watched}/events`, AS.root));
        viewers.push(await open(api, `/tasks/${alone}/events`, AS.root));
        // Every viewer has its first state: from here on, only the streams' reads describe the two tasks.
        await until(
          async () => viewers.map((viewer) => viewer.text()),
          (texts) => texts.every((text) => text.includes('event: status')),
        );
        const before = { watched: counted.describes.get(watched) ?? 0, alone: counted.describes.get(alone) ?? 0 };
        // The single viewer's task is read a few more times: its loop has run as many cycles.
        await until(
          async () => (counted.describes.get(alone) ?? 0) - before.alone,
          (reads) => reads >= 6,
          { tries: 300, intervalMs: 100 },
        );
        const reads = { watched: (counted.describes.get(watched) ?? 0) - before.watched, alone: (counted.describes.get(alone) ?? 0) - before.alone };
        // One loop each, at the same pace: five viewers cost what one does (a loop per viewer would be five times as many).
        expect(reads.watched, JSON.stringify(reads)).toBeLessThanOrEqual(reads.alone + 2);
        expect(reads.watched, JSON.stringify(reads)).toBeGreaterThan(0);
      } finally {
        for (const id of [watched, alone]) await counted.client.workflow.getHandle(id).terminate('test over').catch(() => undefined);
      }
    } finally {
      for (const stream of opened.splice(0)) stream.close();
      for (const api of apis.splice(0)) await api.close();
      await counted.client.connection.close();
    }
  });
});
