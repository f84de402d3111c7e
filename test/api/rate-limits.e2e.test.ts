import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { useApi, type ApiAnswer, type ApiBody } from '../helpers/api-harness';

const SECRET = { alice: `alice-${randomUUID()}`, bob: `bob-${randomUUID()}` };
const AS = { alice: { authorization: `Bearer ${SECRET.alice}` }, bob: { authorization: `Bearer ${SECRET.bob}` } };
const SUBMITS_PER_MINUTE = 3;
const SCHEDULES_PER_MINUTE = 1;

/** Per-principal rate limits on submits and schedule creation (CONVEYOR_SUBMIT_RATE_LIMIT, CONVEYOR_SCHEDULE_RATE_LIMIT). */
describe('Task API: per-caller rate limits', () => {
  const harness = useApi({
    CONVEYOR_AUTH: 'keys',
    CONVEYOR_API_KEYS: `alice:submitter:${SECRET.alice},bob:submitter:${SECRET.bob}`,
    CONVEYOR_SUBMIT_RATE_LIMIT: String(SUBMITS_PER_MINUTE),
    CONVEYOR_SCHEDULE_RATE_LIMIT: String(SCHEDULES_PER_MINUTE),
  });
  const schedules: string[] = [];
  const submit = (path: string, as: Record<string, string>) =>
    harness.api.call<ApiBody & { task_id: string }>('POST', path, { body: { task_name: 'example_long_running', parameters: { duration: 0 } }, headers: as });
  const createSchedule = async (as: Record<string, string>) => {
    const answer = await harness.api.call<ApiBody & { schedule_id: string }>('POST', '/schedules', {
      body: { task_name: 'example_long_running', schedule_id: `limited-${randomUUID().slice(0, 8)}`, cron: '0 3 * * *', parameters: { duration: 0 }, paused: true },
      headers: as,
    });
    if (answer.status === 201) schedules.push(answer.body.schedule_id);
    return answer;
  };
  const expectRateLimited = (answer: ApiAnswer<ApiBody>, setting: string, limit: number) => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(429);
    expect(answer.body.error).toMatchObject({ code: 'rate_limited', details: { limit_per_minute: limit } });
    expect(answer.body.error?.message).toContain(setting);
    const retryAfter = Number(answer.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  };

  afterAll(async () => {
    for (const id of schedules) await harness.client.schedule.getHandle(id).delete().catch(() => undefined);
  });

  it('the submit past the limit answers 429 rate_limited with Retry-After, counting POST /tasks and its alias together; another caller is not affected; every accepted task exists', async () => {
    const accepted = [await submit('/tasks', AS.alice), await submit('/tasks/submit', AS.alice), await submit('/tasks', AS.alice)];
    expect(accepted.map((answer) => answer.status)).toEqual([201, 201, 201]);

    expectRateLimited(await submit('/tasks/submit', AS.alice), 'CONVEYOR_SUBMIT_RATE_LIMIT', SUBMITS_PER_MINUTE);
    expectRateLimited(await submit('/tasks', AS.alice), 'CONVEYOR_SUBMIT_RATE_LIMIT', SUBMITS_PER_MINUTE);

    const bob = await submit('/tasks', AS.bob);
    expect(bob.status, JSON.stringify(bob.body)).toBe(201);

    for (const { body } of accepted) {
      const task = await harness.api.call('GET', `/tasks/${encodeURIComponent(body.task_id)}`, { headers: AS.alice });
      expect(task.status, JSON.stringify(task.body)).toBe(200);
    }
    // Reads are not submits: the limited caller still reads.
    expect((await harness.api.call('GET', '/tasks', { headers: AS.alice })).status).toBe(200);
  });

  it('the schedule created past the limit answers 429 rate_limited with Retry-After; another caller is not affected', async () => {
    const first = await createSchedule(AS.alice);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expectRateLimited(await createSchedule(AS.alice), 'CONVEYOR_SCHEDULE_RATE_LIMIT', SCHEDULES_PER_MINUTE);

    const bob = await createSchedule(AS.bob);
    expect(bob.status, JSON.stringify(bob.body)).toBe(201);
    // The accepted one exists.
    expect((await harness.api.call('GET', `/schedules/${encodeURIComponent(first.body.schedule_id)}`, { headers: AS.alice })).status).toBe(200);
  });
});
