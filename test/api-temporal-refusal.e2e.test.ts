import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBody } from '../src/api/error-body';
import { installErrorHandler } from '../src/api/error-handler';
import { connectClient } from '../src/temporal/connect';
import { connectShared, uniqueQueue } from './helpers/temporal';

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
