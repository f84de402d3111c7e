import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app';
import type { ZodApp } from '../../src/api/context';
import { loadSettings } from '../../src/config';
import { createLogger } from '../../src/log';
import { examplesProject } from '../helpers/examples';

/**
 * The bound of a request's duration reaches the refusal: a `wait` beyond the server's maximum names
 * that maximum in `details.max_wait_seconds`, which the typed client reads to wait in several
 * requests. Refused before Temporal: the client never connects.
 */
describe('durations in requests, refused over their bound', () => {
  let app: ZodApp;

  beforeAll(async () => {
    const settings = loadSettings({ CONVEYOR_LOG_LEVEL: 'fatal', CONVEYOR_RESULT_WAIT_MAX: '20s' });
    const nowhere = new Client({ connection: Connection.lazy({ address: '127.0.0.1:9' }) });
    app = await buildApp({ client: nowhere, registry: (await examplesProject()).registry, settings, log: createLogger('request-durations-test', settings.log) });
  });
  afterAll(() => app?.close());

  it("a wait beyond the server's maximum: 400 naming the maximum, in the message and as details.max_wait_seconds", async () => {
    const answer = await app.inject({ method: 'GET', url: '/tasks/some-task/result?wait=21s' });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toEqual({
      error: {
        code: 'invalid_request',
        message: 'querystring.wait: must be a duration of at most 20s',
        details: { fields: [{ field: 'querystring.wait', message: 'must be a duration of at most 20s' }], max_wait_seconds: 20 },
      },
    });
  });

  it('a delay beyond 365 days: 400 naming body.delay and the bound, with no wait maximum', async () => {
    const answer = await app.inject({ method: 'POST', url: '/tasks', payload: { task_name: 'noop', delay: '366d' } });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toEqual({
      error: {
        code: 'invalid_request',
        message: 'body.delay: must be seconds or a duration string, at most 365 days',
        details: { fields: [{ field: 'body.delay', message: 'must be seconds or a duration string, at most 365 days' }] },
      },
    });
  });
});
