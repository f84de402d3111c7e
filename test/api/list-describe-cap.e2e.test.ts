import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { until, useApi, type ApiBody } from '../helpers/api-harness';

const SECRET = randomUUID();
/** A submitter of its own: its list is its own tasks only, whatever else runs on the shared server. */
const SUBMITTER = `capped-${randomUUID().slice(0, 8)}`;
const AS = { authorization: `Bearer ${SECRET}` };
const MAX_DESCRIBES = 2;

interface Page extends ApiBody {
  tasks: { task_id: string }[];
  total: number;
}

/** GET /tasks?status=RETRY describes each running candidate: at most CONVEYOR_LIST_MAX_DESCRIBES a request. */
describe('Task API: the describe cap of a list request', () => {
  const harness = useApi({ CONVEYOR_AUTH: 'keys', CONVEYOR_API_KEYS: `${SUBMITTER}:submitter:${SECRET}`, CONVEYOR_LIST_MAX_DESCRIBES: String(MAX_DESCRIBES) });
  const started: string[] = [];
  const list = (query: string) => harness.api.call<Page>('GET', `/tasks?${query}`, { headers: AS });
  const untilRunning = (count: number) =>
    until(
      () => list('status=running'),
      (answer) => answer.status === 200 && answer.body.total === count,
      { tries: 200, intervalMs: 200 },
    );

  afterAll(async () => {
    for (const id of started) await harness.client.workflow.getHandle(id).terminate('test over').catch(() => undefined);
  });

  it('past the cap RETRY answers 400 filter_too_broad naming the cap, its setting and what to do instead, and within it answers the page', async () => {
    for (let i = 0; i <= MAX_DESCRIBES; i++) {
      const answer = await harness.api.call<ApiBody & { task_id: string }>('POST', '/tasks', {
        body: { task_name: 'example_long_running', parameters: { duration: 120, message: `capped ${i}` } },
        headers: AS,
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      started.push(answer.body.task_id);
    }
    await untilRunning(MAX_DESCRIBES + 1);

    const refused = await list('status=RETRY');
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'filter_too_broad', details: { running_tasks: MAX_DESCRIBES + 1, max_running_tasks: MAX_DESCRIBES } });
    expect(refused.body.error?.message).toContain(`at most ${MAX_DESCRIBES} a request (CONVEYOR_LIST_MAX_DESCRIBES)`);
    expect(refused.body.error?.message).toMatch(/narrow them with task_name/);

    // One fewer running task: within the cap, the filter is answered (none of them is retrying).
    await harness.client.workflow.getHandle(started[0]!).terminate('under the cap');
    await untilRunning(MAX_DESCRIBES);
    const answered = await list('status=RETRY');
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body.tasks).toEqual([]);
  });
});
