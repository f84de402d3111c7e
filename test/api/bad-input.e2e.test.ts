import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT, CASES, expectRefusal, json, longRunning, requestOf } from './bad-input.cases';
import { errorBody } from '../../src/api/schemas/error-body';
import { until, useApi } from '../helpers/api-harness';
import { sharedServerEnv, uniqueQueue } from '../helpers/temporal';

/**
 * The malformed requests only Temporal can refuse (unknown ids, a task's undeclared signals, a page
 * token it cannot read) answer their documented 4xx over real HTTP; the others are checked with
 * `app.inject` in api-bad-input.unit.test.ts.
 */
describe('Task API bad input', () => {
  // As `conveyor api` connects: Temporal's errors reach the API after a few quick retries.
  const harness = useApi({ ...sharedServerEnv(), CONVEYOR_API_BODY_LIMIT: String(BODY_LIMIT) }, { failFast: true });
  let base: string;
  let task: string;

  beforeAll(async () => {
    base = harness.api.base;
    // On a queue no worker serves, the task stays queued: no case changes it, and a missed check would show (a 2xx).
    const submitted = await fetch(`${base}/tasks`, {
      method: 'POST',
      headers: { 'content-type': json },
      body: JSON.stringify(longRunning({ queue: uniqueQueue('bad-input') })),
    });
    expect(submitted.status).toBe(201);
    task = ((await submitted.json()) as { task_id: string }).task_id;
  });

  afterAll(async () => {
    if (task) await harness.client.workflow.getHandle(task).terminate('api-bad-input test cleanup');
  });

  it.each(CASES.filter((badRequest) => badRequest.temporal))('$name → $status $code', async (badRequest) => {
    const { method, url, headers, payload } = requestOf(badRequest, task);
    const response = await fetch(`${base}${url}`, { method, headers, body: payload });
    expectRefusal(badRequest, { status: response.status, contentType: response.headers.get('content-type'), allow: response.headers.get('allow'), text: await response.text() });
  });

  it('a cursor the API handed out pages on; the same cursor altered is refused', async () => {
    // Two tasks of its own, so a first page of one has a next page whatever else the server holds.
    const queue = uniqueQueue('bad-input-cursor');
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const submitted = await fetch(`${base}/tasks`, { method: 'POST', headers: { 'content-type': json }, body: JSON.stringify(longRunning({ queue })) });
      ids.push(((await submitted.json()) as { task_id: string }).task_id);
    }
    try {
      const page = `${base}/tasks?limit=1&queue=${queue}`;
      const first = await until(
        async () => (await (await fetch(page)).json()) as { next_cursor: string | null },
        (answer) => Boolean(answer.next_cursor),
      );
      const cursor = first.next_cursor ?? '';
      expect((await fetch(`${page}&cursor=${encodeURIComponent(cursor)}`)).status).toBe(200);
      // The first character's six bits are all data (the last one's may be padding bits).
      const altered = `${cursor.startsWith('A') ? 'B' : 'A'}${cursor.slice(1)}`;
      const refused = await fetch(`${page}&cursor=${encodeURIComponent(altered)}`);
      expect(refused.status).toBe(400);
      expect(errorBody.parse(await refused.json()).error.message).toContain('cursor');
    } finally {
      await Promise.allSettled(ids.map((id) => harness.client.workflow.getHandle(id).terminate('api-bad-input test cleanup')));
    }
  });

  it('the test task was left untouched', async () => {
    expect((await harness.client.workflow.getHandle(task).describe()).status.name).toBe('RUNNING');
  });
});
