import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildApp } from '../../src/api/app';
import type { ZodApp } from '../../src/api/context';
import { loadSettings } from '../../src/config';
import { createLogger } from '../../src/log';
import { BODY_LIMIT, CASES, expectRefusal, requestOf } from './bad-input.cases';
import { examplesProject } from '../helpers/examples';

/**
 * Every malformed request the API refuses before it asks Temporal answers its documented 4xx, in
 * the one error shape: `app.inject`, no listening, and a Temporal client that never connects (a
 * case that reached Temporal would hang or answer 503, and fail). The cases only Temporal can
 * refuse run over real HTTP in api-bad-input.e2e.test.ts.
 */
describe('Task API bad input, refused before Temporal', () => {
  let app: ZodApp;

  beforeAll(async () => {
    const settings = loadSettings({ CONVEYOR_LOG_LEVEL: 'fatal', CONVEYOR_API_BODY_LIMIT: String(BODY_LIMIT) });
    const nowhere = new Client({ connection: Connection.lazy({ address: '127.0.0.1:9' }) });
    app = await buildApp({ client: nowhere, registry: (await examplesProject()).registry, settings, log: createLogger('bad-input-test', settings.log) });
  });
  afterAll(() => app?.close());

  it.each(CASES.filter((badRequest) => !badRequest.temporal))('$name → $status $code', async (badRequest) => {
    const answer = await app.inject(requestOf(badRequest, 'some-task-id'));
    expectRefusal(badRequest, { status: answer.statusCode, contentType: answer.headers['content-type']?.toString(), allow: answer.headers.allow?.toString(), text: answer.body });
  });
});
