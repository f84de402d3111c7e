import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until, useApi, type ApiBody, type SubmitAnswer, type TaskAnswer } from '../helpers/api-harness';
import { runCli } from '../helpers/cli';
import { sharedServerEnv, uniqueQueue } from '../helpers/temporal';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** Submitter names of this file's own, so that no other test's tasks are among theirs. */
const NAMES = { root: `ids-root-${hex(3)}`, alice: `ids-alice-${hex(3)}`, bob: `ids-bob-${hex(3)}` };
const KEYS = { root: `root-${randomUUID()}`, alice: `alice-${randomUUID()}`, bob: `bob-${randomUUID()}` };
type Who = keyof typeof KEYS;

interface AmbiguousDetails {
  candidates: { task_id: string; short_id: string; task_name: string; status: string; submitter: string }[];
  more: boolean;
}

/**
 * Short ids over the real API and the real CLI: a unique prefix or suffix of a task id resolves to
 * that task among the tasks the caller may see; an ambiguous one is 409 listing the candidates.
 */
describe('task ids people can type', () => {
  const harness = useApi({
    CONVEYOR_AUTH: 'keys',
    CONVEYOR_API_KEYS: `${NAMES.root}:admin:${KEYS.root},${NAMES.alice}:submitter:${KEYS.alice},${NAMES.bob}:submitter:${KEYS.bob}`,
  });
  /** No worker serves it: tasks there stay queued, and nothing but these tests changes them. */
  const idleQueue = uniqueQueue('ids');
  const created: string[] = [];

  // Ids chosen to share parts: all three start with `stem`; alice's two both end in `tail`, the
  // 12 characters `tasks list` prints, so that short id is ambiguous on purpose.
  const stem = `ids-${hex(4)}-`;
  const tail = hex(6);
  const bobTail = hex(6);
  // The ids alice and bob choose (`workflow_id`); each task's id is its chosen id within its submitter's scope.
  const chosen = { aliceFirst: `${stem}first-${tail}`, aliceSecond: `${stem}second-${tail}`, bob: `${stem}bob-${bobTail}` };
  const aliceFirst = `${NAMES.alice}:${chosen.aliceFirst}`;
  const aliceSecond = `${NAMES.alice}:${chosen.aliceSecond}`;
  const bobTask = `${NAMES.bob}:${chosen.bob}`;

  const as = (who: Who): Record<string, string> => ({ authorization: `Bearer ${KEYS[who]}` });
  const get = (id: string, who: Who) => harness.api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(id)}`, { headers: as(who) });

  async function submit(who: Who, body: Record<string, unknown>): Promise<SubmitAnswer> {
    const answer = await harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body, headers: as(who) });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    created.push(answer.body.task_id);
    return answer.body;
  }
  const idleTask = (who: Who, workflowId?: string) =>
    submit(who, { task_name: 'example_long_running', parameters: { duration: 30 }, queue: idleQueue, ...(workflowId ? { workflow_id: workflowId } : {}) });

  beforeAll(async () => {
    await Promise.all([idleTask('alice', chosen.aliceFirst), idleTask('alice', chosen.aliceSecond), idleTask('bob', chosen.bob)]);
    // Prefixes and suffixes are looked up in visibility, which is eventually consistent.
    await until(
      () => harness.api.call<{ total: number } & ApiBody>('GET', `/tasks?queue=${idleQueue}`, { headers: as('root') }),
      (answer) => answer.body.total === 3,
    );
  });

  afterAll(async () => {
    await Promise.allSettled(created.map((id) => harness.client.workflow.getHandle(id).terminate('task-ids test cleanup')));
  });

  describe('over the API', () => {
    it('a generated full id answers at once after submit, and the short id GET /tasks lists resolves to it', async () => {
      const submitted = await idleTask('alice');

      const now = await get(submitted.task_id, 'alice');
      expect(now.status).toBe(200);
      expect(now.body.short_id).toBe(submitted.task_id.slice(-12));

      const listed = await until(
        () => harness.api.call<{ tasks: { task_id: string; short_id: string }[] } & ApiBody>('GET', `/tasks?queue=${idleQueue}`, { headers: as('alice') }),
        (answer) => answer.body.tasks.some((task) => task.task_id === submitted.task_id),
      );
      const shortId = listed.body.tasks.find((task) => task.task_id === submitted.task_id)!.short_id;
      const byShortId = await get(shortId, 'alice');
      expect(byShortId.status).toBe(200);
      expect(byShortId.body).toMatchObject({ task_id: submitted.task_id, short_id: shortId, submitter: NAMES.alice });
    });

    it.each([
      ['a prefix', `${stem}f`, aliceFirst],
      ['a longer prefix', `${stem}second`, aliceSecond],
      ['a suffix', `first-${tail}`, aliceFirst],
      ['a short suffix', `d-${tail}`, aliceSecond],
    ])('%s unique among the caller’s tasks resolves, and the answer names the full id', async (_kind, typed, expected) => {
      const answer = await get(typed, 'alice');
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.task_id).toBe(expected);
    });

    it('an ambiguous part answers 409 ambiguous_task_id listing every candidate the caller may see, and only those', async () => {
      const bySuffix = await get(tail, 'alice');
      expect(bySuffix.status).toBe(409);
      expect(bySuffix.body.error?.code).toBe('ambiguous_task_id');
      expect(bySuffix.body.error?.message).toContain(aliceFirst);
      expect(bySuffix.body.error?.message).toContain(aliceSecond);
      const suffixDetails = bySuffix.body.error?.details as AmbiguousDetails;
      expect(suffixDetails.candidates.map((c) => c.task_id).sort()).toEqual([aliceFirst, aliceSecond]);
      expect(suffixDetails.candidates[0]).toMatchObject({ task_name: 'example_long_running', status: 'queued', submitter: NAMES.alice });
      expect(suffixDetails.more).toBe(false);

      // The stem starts the id bob chose too: alice's candidates leave his task out.
      const aliceByPrefix = await get(stem, 'alice');
      expect(aliceByPrefix.status).toBe(409);
      expect((aliceByPrefix.body.error?.details as AmbiguousDetails).candidates.map((c) => c.task_id).sort()).toEqual([aliceFirst, aliceSecond]);
      // An admin sees ids in full: the stem within alice's scope is ambiguous, within bob's it is his task.
      const rootByPrefix = await get(`${NAMES.alice}:${stem}`, 'root');
      expect(rootByPrefix.status).toBe(409);
      expect((rootByPrefix.body.error?.details as AmbiguousDetails).candidates.map((c) => c.task_id).sort()).toEqual([aliceFirst, aliceSecond]);
      expect((await get(`${NAMES.bob}:${stem}`, 'root')).body.task_id).toBe(bobTask);
    });

    it("another submitter's task does not resolve, by any part of its id; its owner and an admin resolve it", async () => {
      for (const typed of [bobTail, `bob-${bobTail}`, `${stem}b`, chosen.bob, bobTask]) {
        const answer = await get(typed, 'alice');
        expect(answer.status, typed).toBe(404);
        expect(answer.body.error?.code).toBe('task_not_found');
      }
      expect((await get(bobTail, 'bob')).body.task_id).toBe(bobTask);
      expect((await get(bobTail, 'root')).body.task_id).toBe(bobTask);
    });

    it('every /tasks/{id} route in the OpenAPI document resolves the id: an ambiguous one is 409 on each', async () => {
      const document = (await harness.api.call<{ paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json')).body;
      const operations = Object.entries(document.paths)
        .filter(([path]) => path.startsWith('/tasks/{id}'))
        .flatMap(([path, methods]) => Object.keys(methods).filter((m) => ['get', 'post', 'delete'].includes(m)).map((method) => ({ method: method.toUpperCase(), path })));
      expect(operations.length).toBeGreaterThanOrEqual(8);

      const wrong: string[] = [];
      for (const { method, path } of operations) {
        const url = path.replace('{id}', tail).replace('{name}', 'progress');
        // A body the route accepts, so the id is what it answers on (a review needs its decision).
        const body = method !== 'POST' ? undefined : path.endsWith('/review') ? { decision: 'approve' } : {};
        const answer = await harness.api.call(method, url, { headers: as('alice'), body });
        if (answer.status !== 409 || answer.body.error?.code !== 'ambiguous_task_id') wrong.push(`${method} ${url} → ${answer.status} ${JSON.stringify(answer.body)}`);
      }
      expect(wrong).toEqual([]);
    });

    it('result (also the long poll an admin gets) and cancel take a suffix and answer with the full id', async () => {
      const result = await harness.api.call('GET', `/tasks/first-${tail}/result`, { headers: as('alice') });
      expect(result.status).toBe(202);
      expect(result.body).toEqual({ task_id: aliceFirst, status: 'queued' });
      // An admin's wait skips the describe: a short id falls back to the lookup.
      const waited = await harness.api.call('GET', `/tasks/first-${tail}/result?wait=1s`, { headers: as('root') });
      expect(waited.status).toBe(202);
      expect(waited.body).toEqual({ task_id: aliceFirst, status: 'queued' });

      const cancelled = await harness.api.call('POST', `/tasks/${bobTail}/cancel?mode=terminate`, { headers: as('bob') });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ task_id: bobTask, action: 'terminated' });
      expect((await harness.client.workflow.getHandle(bobTask).describe()).status.name).toBe('TERMINATED');
    });

    it.each([
      ["a quote", "'"],
      ['an injection attempt', "' OR '1'='1"],
      ['a double quote', '"'],
      ['a backslash', '\\'],
      ['a NUL', '\u0000'],
      ['a newline', '\n'],
      ['a LIKE wildcard after a real prefix', `${stem}%`],
      ['a LIKE single-character wildcard inside a real prefix', `${stem}_irst`],
      ['a real prefix with a quote after it', `${stem}first'`],
    ])('%s is no id: 404, never a 5xx nor a match', async (_kind, typed) => {
      const answer = await get(typed, 'root');
      expect(answer.status, JSON.stringify(answer.body)).toBe(404);
      expect(answer.body.error?.code).toBe('task_not_found');
    });

    it('an id with quotes and a backslash in it still answers in full', async () => {
      const odd = await idleTask('alice', `ids-${hex(4)}-o'brien "q" \\ ${hex(4)}`);
      const answer = await get(odd.task_id, 'alice');
      expect(answer.status).toBe(200);
      expect(answer.body.task_id).toBe(odd.task_id);
    });
  });

  describe('through the CLI', () => {
    const tasks = (args: string[], who: Who) => runCli(['tasks', ...args], { ...sharedServerEnv(), CONVEYOR_API_URL: harness.api.base, CONVEYOR_API_KEY: KEYS[who] });

    it('get, result and watch take the short id `tasks list` prints', async () => {
      const noop = await submit('alice', { task_name: 'noop', parameters: {} });
      await harness.client.workflow.getHandle(noop.task_id).result();
      await until(
        () => tasks(['list', '--task-name', 'noop'], 'alice'),
        (listed) => listed.code === 0 && listed.stdout.includes(noop.short_id),
        { tries: 30, intervalMs: 500 },
      );
      const listed = await tasks(['list', '--task-name', 'noop'], 'alice');
      const printed = listed.stdout.split('\n')[1]!.split(/\s+/)[0]!;
      expect(printed).toBe(noop.short_id);

      const [got, result, watched] = await Promise.all([
        tasks(['get', printed], 'alice'),
        tasks(['result', printed, '--wait', '20s', '--json'], 'alice'),
        tasks(['watch', printed, '--json'], 'alice'),
      ]);
      expect(got.code, got.stderr).toBe(0);
      expect(got.stdout).toMatch(new RegExp(`^id\\s+${noop.task_id}$`, 'm'));
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ task_id: noop.task_id, status: 'completed', result: { ok: true } });
      expect(watched.code, watched.stderr).toBe(0);
      expect(JSON.parse(watched.stdout)).toEqual({ task_id: noop.task_id, status: 'completed', result: { ok: true } });
    });

    it('an ambiguous id exits 2 naming the candidates; another submitter’s exits 2 as unknown; cancel takes a prefix', async () => {
      const [ambiguous, others, cancelled] = await Promise.all([
        tasks(['get', tail], 'alice'),
        tasks(['get', bobTail], 'alice'),
        tasks(['cancel', `${stem}second`, '--json'], 'alice'),
      ]);
      expect(ambiguous.code).toBe(2);
      expect(ambiguous.stderr).toContain(aliceFirst);
      expect(ambiguous.stderr).toContain(aliceSecond);
      expect(ambiguous.stderr).toContain('(409 ambiguous_task_id)');
      expect(others.code).toBe(2);
      expect(others.stderr).toContain('(404 task_not_found)');
      expect(cancelled.code, cancelled.stderr).toBe(0);
      expect(JSON.parse(cancelled.stdout)).toMatchObject({ task_id: aliceSecond, action: 'cancel_requested' });
    });
  });
});
