import * as grpc from '@grpc/grpc-js';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../helpers/api-harness';
import { errorBody } from '../../src/api/schemas/error-body';
import { installErrorHandler } from '../../src/api/http/error-handler';
import { connectClient } from '../../src/temporal/connect';
import { connectShared, uniqueQueue } from '../helpers/temporal';

/**
 * What the API's one error mapper makes of Temporal's own errors, raised by the real dev server:
 * a request Temporal refuses (INVALID_ARGUMENT) is the client's 400, never a 500 nor a 503; only
 * a Temporal that cannot be reached is 503 with Retry-After. The routes check Temporal's limits
 * first (api-bad-input.*.test.ts); this is the net under them.
 */
describe('Temporal errors through the error mapper', () => {
  let client: Client;
  let nowhere: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    client = await connectShared({ failFast: true });
    // As `conveyor api` connects: a few quick retries, then the error.
    nowhere = await connectClient({ address: '127.0.0.1:9', namespace: 'default', connectionOptions: { address: '127.0.0.1:9' } }, { failFast: true, lazy: true });
    app = Fastify({ logger: false });
    installErrorHandler(app, () => []);
    // Over Temporal's `limit.maxIDLength` (1000 bytes): the server itself refuses the start.
    app.get('/refused', () => client.workflow.start('noop', { taskQueue: uniqueQueue('refusal'), workflowId: 'x'.repeat(1001), args: [{}] }));
    app.get('/unreachable', () => nowhere.workflow.getHandle('any').describe());
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await client?.connection.close();
    await nowhere?.connection.close();
  });

  it("a request Temporal refuses answers 400 invalid_request with Temporal's reason", async () => {
    const answer = await app.inject({ method: 'GET', url: '/refused' });
    expect(answer.statusCode, answer.body).toBe(400);
    const { error } = errorBody.parse(answer.json());
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/^Temporal refused the request: .*length/i);
    expect(answer.headers['retry-after']).toBeUndefined();
  });

  it('a Temporal nobody can reach answers 503 temporal_unavailable with Retry-After', async () => {
    const answer = await app.inject({ method: 'GET', url: '/unreachable' });
    expect(answer.statusCode, answer.body).toBe(503);
    expect(errorBody.parse(answer.json()).error.code).toBe('temporal_unavailable');
    expect(answer.headers['retry-after']).toBeDefined();
  });
});

/**
 * A Temporal frontend past its rate limit, as a real gRPC server: every WorkflowService method
 * answers RESOURCE_EXHAUSTED, as Temporal does past `frontend.rps` / `frontend.namespaceRPS`
 * (the run's one dev server is shared, so its own limits stay as they are). Returns the methods called.
 */
async function startRateLimitedTemporal(): Promise<{ address: string; called: string[]; stop: () => Promise<void> }> {
  // At run time the proto package holds protobufjs reflection, whose Service lists its methods; its
  // static typings describe the generated client class instead.
  const service = temporal.api.workflowservice.v1.WorkflowService as unknown as { fullName: string; methods: Record<string, unknown> };
  const names = Object.keys(service.methods);
  const passBytes = (bytes: Buffer): Buffer => bytes;
  const definition: grpc.ServiceDefinition = Object.fromEntries(
    names.map((name) => [
      name,
      {
        path: `/${service.fullName.replace(/^\./, '')}/${name}`,
        requestStream: false,
        responseStream: false,
        requestSerialize: passBytes,
        requestDeserialize: passBytes,
        responseSerialize: passBytes,
        responseDeserialize: passBytes,
      },
    ]),
  );
  const called: string[] = [];
  const refuse: grpc.handleUnaryCall<Buffer, Buffer> = function (this: string, _call, callback) {
    called.push(this);
    callback({ code: grpc.status.RESOURCE_EXHAUSTED, details: 'namespace rate limit exceeded' });
  };
  const server = new grpc.Server();
  server.addService(definition, Object.fromEntries(names.map((name) => [name, refuse.bind(name)])));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { address: `127.0.0.1:${port}`, called, stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())) };
}

// Concurrently: each answer waits out the client's few quick retries, and the requests are independent.
describe.concurrent("Temporal's own rate limit (RESOURCE_EXHAUSTED) through the whole API", () => {
  let frontend: Awaited<ReturnType<typeof startRateLimitedTemporal>>;
  let limited: Client;
  let api: RunningApi;
  /** The longest wait the harness's API takes (CONVEYOR_RESULT_WAIT_MAX). */
  const WAIT_SECONDS = 20;

  beforeAll(async () => {
    frontend = await startRateLimitedTemporal();
    // As `conveyor api` connects (lazily, failing fast).
    limited = await connectClient({ address: frontend.address, namespace: 'default', connectionOptions: { address: frontend.address } }, { failFast: true, lazy: true });
    api = await startApi(limited, { CONVEYOR_RESULT_WAIT_MAX: `${WAIT_SECONDS}s` });
  });

  afterAll(async () => {
    await api?.close();
    await limited?.connection.close();
    await frontend?.stop();
  });

  it.each([
    ['POST', '/tasks', { task_name: 'example_long_running', parameters: { duration: 1 } }],
    ['GET', '/tasks', undefined],
    ['GET', '/tasks/some-task', undefined],
    ['GET', '/tasks/some-task/events', undefined],
    ['POST', '/schedules', { task_name: 'example_long_running', schedule_id: 'rate-limited', cron: '@daily', parameters: { duration: 1 } }],
  ])('%s %s answers 503 temporal_rate_limited with Retry-After', async (method, path, body) => {
    const callsBefore = frontend.called.length;
    const answer = await api.call(method, path, { body });
    expect(answer.status, JSON.stringify(answer.body)).toBe(503);
    expect(answer.body.error).toMatchObject({ code: 'temporal_rate_limited', message: expect.stringMatching(/rate limit/) });
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    // The refusal came from the stand-in frontend, over gRPC.
    expect(frontend.called.length).toBeGreaterThan(callsBefore);
  });

  it('a long-poll result wait answers 503 at once instead of waiting out its wait', async () => {
    const answer = await api.call('GET', `/tasks/some-task/result?wait=${WAIT_SECONDS}s`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(503);
    expect(answer.body.error?.code).toBe('temporal_rate_limited');
    expect(answer.headers.get('retry-after')).toBeDefined();
    expect(answer.elapsedMs).toBeLessThan(WAIT_SECONDS * 1000);
  });
});
