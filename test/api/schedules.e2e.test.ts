import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScheduleDetail, SchedulePage, TaskPage } from '../../src/client/answers';
import { until, useApi, type ApiAnswer, type ApiBody, type TaskAnswer } from '../helpers/api-harness';
import { sharedServerEnv } from '../helpers/temporal';

const KEY = { admin: `adm-${randomUUID()}`, alice: `alice-${randomUUID()}`, bob: `bob-${randomUUID()}`, viewer: `vera-${randomUUID()}` };
type Caller = keyof typeof KEY;

/** A cron time that never comes during a test: runs start only when a test triggers them. */
const NIGHTLY = '0 3 * * *';

type Schedule = ScheduleDetail & ApiBody;

/**
 * Schedules over real HTTP, on the shared dev server and its worker (which serves the examples'
 * queues): each run a schedule starts is an ordinary task; the schedule routes follow the roles
 * and ownership of tasks. Runs start by `trigger`, never by waiting for a cron minute.
 */
describe('schedules (Temporal Schedules through the Task API)', () => {
  const harness = useApi({
    ...sharedServerEnv(),
    CONVEYOR_AUTH: 'keys',
    CONVEYOR_API_KEYS: `root:admin:${KEY.admin},alice:submitter:${KEY.alice},bob:submitter:${KEY.bob},vera:viewer:${KEY.viewer}`,
  });
  /** Full schedule ids this file created, deleted at the end whatever happened. */
  const created = new Set<string>();

  const as = <T = ApiBody>(caller: Caller, method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> =>
    harness.api.call<T>(method, path, { body, headers: { authorization: `Bearer ${KEY[caller]}` } });

  /** A schedule id no other test (or run) uses. */
  const freshId = (label: string): string => `${label}-${randomUUID().slice(0, 8)}`;

  async function create(caller: Caller, body: Record<string, unknown>): Promise<ApiAnswer<Schedule>> {
    const answer = await as<Schedule>(caller, 'POST', '/schedules', body);
    if (answer.status === 201) created.add(answer.body.schedule_id);
    return answer;
  }

  async function createNoop(caller: Caller, label: string): Promise<{ chosen: string; full: string }> {
    const chosen = freshId(label);
    const answer = await create(caller, { task_name: 'noop', schedule_id: chosen, cron: NIGHTLY });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return { chosen, full: answer.body.schedule_id };
  }

  const path = (id: string, suffix = ''): string => `/schedules/${encodeURIComponent(id)}${suffix}`;

  afterAll(async () => {
    await Promise.allSettled([...created].map((id) => harness.client.schedule.getHandle(id).delete()));
  });

  it('creates a schedule that shows its task, queue, cron, overlap, state and next run times', async () => {
    const chosen = freshId('nightly');
    const answer = await create('alice', { task_name: 'noop', schedule_id: chosen, cron: NIGHTLY });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.headers.get('location')).toBe(path(`alice:${chosen}`));
    expect(answer.body).toMatchObject({
      schedule_id: `alice:${chosen}`,
      task_name: 'noop',
      queue: 'computor-tasks',
      submitter: 'alice',
      cron: [NIGHTLY],
      overlap: 'skip',
      paused: false,
      note: null,
      parameters: {},
      runs_started: 0,
      recent_runs: [],
      last_run_at: null,
    });
    const next = answer.body.next_run_times.map((time) => new Date(time));
    expect(next).toHaveLength(5);
    for (const time of next) expect([time.getUTCHours(), time.getUTCMinutes(), time.getUTCSeconds()]).toEqual([3, 0, 0]);
    expect(next.map(Number)).toEqual([...next.map(Number)].sort((a, b) => a - b));
    expect(next[0]!.getTime()).toBeGreaterThan(Date.now());
  });

  it('validates the parameters against the task schema (defaults applied) and keeps several cron expressions, the overlap, a note and a paused start', async () => {
    const chosen = freshId('weekly');
    const answer = await create('alice', {
      task_name: 'example_long_running',
      schedule_id: chosen,
      cron: [NIGHTLY, '30 4 * * MON'],
      parameters: { message: 'scheduled' },
      overlap: 'buffer_one',
      note: 'weekly report',
      paused: true,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({
      task_name: 'example_long_running',
      queue: 'computor-long-running',
      cron: [NIGHTLY, '30 4 * * MON'],
      overlap: 'buffer_one',
      paused: true,
      note: 'weekly report',
      parameters: { message: 'scheduled', duration: 60 },
      next_run_times: [],
    });
    const resumed = await as<Schedule>('alice', 'POST', path(chosen, '/resume'));
    const next = resumed.body.next_run_times.map((time) => new Date(time));
    // 03:00 every day and 04:30 on Mondays: both kinds of time come within the next five.
    expect(next.some((time) => time.getUTCHours() === 3)).toBe(true);
    expect(next.every((time) => time.getUTCHours() === 3 || (time.getUTCDay() === 1 && time.getUTCHours() === 4 && time.getUTCMinutes() === 30))).toBe(true);
  });

  it('a triggered run is an ordinary task: in GET /tasks with its task name, queue and schedule_id, it completes, and the schedule lists it among its recent runs', async () => {
    const { chosen, full } = await createNoop('alice', 'triggered');
    const trigger = await as('alice', 'POST', path(chosen, '/trigger'));
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
    expect(trigger.body).toEqual({ schedule_id: full, action: 'trigger_requested' });

    const described = await until(
      () => as<Schedule>('alice', 'GET', path(chosen)),
      (answer) => answer.body.recent_runs?.length === 1,
      { tries: 100, intervalMs: 200 },
    );
    const [run] = described.body.recent_runs;
    expect(run?.task_id.startsWith(`${full}-`)).toBe(true);
    expect(described.body.runs_started).toBe(1);
    expect(described.body.last_run_at).toBe(run?.started_at);

    const task = await until(
      () => as<TaskAnswer>('alice', 'GET', `/tasks/${encodeURIComponent(run!.task_id)}`),
      (answer) => answer.body.status === 'completed',
      { tries: 150, intervalMs: 200 },
    );
    expect(task.body).toMatchObject({ task_name: 'noop', queue: 'computor-tasks', submitter: 'alice', schedule_id: full, status: 'completed', run_id: run?.run_id });

    // The id alice chose finds her schedule's runs in the list; the rows carry schedule_id too.
    const listed = await until(
      () => as<TaskPage & ApiBody>('alice', 'GET', `/tasks?schedule_id=${encodeURIComponent(chosen)}`),
      (answer) => answer.body.tasks?.some((row) => row.task_id === run?.task_id && row.status === 'completed'),
      { tries: 100, intervalMs: 200 },
    );
    expect(listed.body.tasks).toEqual([expect.objectContaining({ task_id: run?.task_id, task_name: 'noop', queue: 'computor-tasks', schedule_id: full })]);

    const recent = await until(
      () => as<Schedule>('alice', 'GET', path(chosen)),
      (answer) => answer.body.recent_runs?.[0]?.status === 'completed',
      { tries: 100, intervalMs: 200 },
    );
    expect(recent.body.running_task_ids).toEqual([]);
  });

  it('pauses and resumes: the state, the note and the next run times say so, in the schedule and in the list', async () => {
    const { chosen, full } = await createNoop('alice', 'pausing');
    const paused = await as<Schedule>('alice', 'POST', path(chosen, '/pause'));
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ schedule_id: full, paused: true, note: 'paused by alice', next_run_times: [] });
    expect((await as<Schedule>('alice', 'GET', path(chosen))).body.paused).toBe(true);
    await until(
      () => as<SchedulePage & ApiBody>('alice', 'GET', '/schedules'),
      (answer) => answer.body.schedules?.some((row) => row.schedule_id === full && row.paused && row.note === 'paused by alice'),
      { tries: 100, intervalMs: 200 },
    );

    const resumed = await as<Schedule>('alice', 'POST', path(chosen, '/resume'));
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ paused: false, note: 'resumed by alice' });
    expect(resumed.body.next_run_times).toHaveLength(5);
    await until(
      () => as<SchedulePage & ApiBody>('alice', 'GET', '/schedules'),
      (answer) => answer.body.schedules?.some((row) => row.schedule_id === full && !row.paused && row.next_run_times.length > 0),
      { tries: 100, intervalMs: 200 },
    );
  });

  it('deletes a schedule: it answers 404 afterwards and leaves the list', async () => {
    const { chosen, full } = await createNoop('alice', 'deleted');
    const deleted = await as('alice', 'DELETE', path(chosen));
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ schedule_id: full, action: 'deleted' });
    created.delete(full);
    const gone = await as('alice', 'GET', path(chosen));
    expect(gone.status).toBe(404);
    expect(gone.body.error?.code).toBe('schedule_not_found');
    expect((await as('alice', 'DELETE', path(chosen))).status).toBe(404);
    await until(
      () => as<SchedulePage & ApiBody>('alice', 'GET', '/schedules'),
      (answer) => answer.status === 200 && !answer.body.schedules.some((row) => row.schedule_id === full),
      { tries: 100, intervalMs: 200 },
    );
  });

  describe('refuses what it cannot run, naming the problem, and creates nothing', () => {
    const refused = async (body: Record<string, unknown>, status: number, code: string): Promise<ApiAnswer<Schedule>> => {
      const answer = await create('alice', body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
      expect(answer.body.error?.code).toBe(code);
      expect((await as('alice', 'GET', path(String(body.schedule_id)))).status, 'nothing was created').toBe(404);
      return answer;
    };
    const fields = (answer: ApiAnswer<ApiBody>) => (answer.body.error?.details as { fields?: { field: string; message: string }[] }).fields ?? [];

    it('a cron expression Temporal cannot read: 400 invalid_cron with its reason', async () => {
      for (const [cron, reason] of [
        ['61 * * * *', /Minute is not in range/],
        [[NIGHTLY, 'every day at noon'], /does not have 5-7 fields/],
      ] as const) {
        const answer = await refused({ task_name: 'noop', schedule_id: freshId('bad-cron'), cron }, 400, 'invalid_cron');
        expect(fields(answer)).toEqual([{ field: 'body.cron', message: expect.stringMatching(reason) }]);
        expect(answer.body.error?.message).toMatch(reason);
      }
    });

    it('an unknown task: 400 naming the known ones; parameters the schema refuses: 422 naming the field', async () => {
      const unknown = await refused({ task_name: 'nightly_report', schedule_id: freshId('unknown'), cron: NIGHTLY }, 400, 'unknown_task');
      expect((unknown.body.error?.details as { known_tasks: string[] }).known_tasks).toContain('noop');
      const invalid = await refused(
        { task_name: 'example_long_running', schedule_id: freshId('invalid'), cron: NIGHTLY, parameters: { duration: -1 } },
        422,
        'invalid_parameters',
      );
      expect(fields(invalid).map((field) => field.field)).toEqual(['parameters.duration']);
    });

    it('an id already taken: 409 schedule_exists, and the first schedule is unchanged', async () => {
      const { chosen } = await createNoop('alice', 'taken');
      const again = await create('alice', { task_name: 'example_long_running', schedule_id: chosen, cron: '@hourly' });
      expect(again.status).toBe(409);
      expect(again.body.error?.code).toBe('schedule_exists');
      expect((await as<Schedule>('alice', 'GET', path(chosen))).body).toMatchObject({ task_name: 'noop', cron: [NIGHTLY] });
    });
  });

  describe('roles and ownership, as for tasks', () => {
    let alice: { chosen: string; full: string };
    let bob: { chosen: string; full: string };

    beforeAll(async () => {
      alice = await createNoop('alice', 'owned');
      // Bob chooses the very id alice chose: ids are each submitter's own, so he gets a schedule of his own.
      const answer = await create('bob', { task_name: 'noop', schedule_id: alice.chosen, cron: NIGHTLY });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      bob = { chosen: alice.chosen, full: answer.body.schedule_id };
    });

    it("scopes the ids submitters choose: the same id is two schedules, each answering its owner's requests", async () => {
      expect([alice.full, bob.full]).toEqual([`alice:${alice.chosen}`, `bob:${alice.chosen}`]);
      expect((await as<Schedule>('alice', 'GET', path(alice.chosen))).body.schedule_id).toBe(alice.full);
      expect((await as<Schedule>('bob', 'GET', path(bob.chosen))).body.schedule_id).toBe(bob.full);
    });

    it("another submitter's schedule answers 404 to every route, by its full id too, and stays as it was", async () => {
      for (const [method, suffix] of [['GET', ''], ['POST', '/pause'], ['POST', '/resume'], ['POST', '/trigger'], ['DELETE', '']] as const) {
        const answer = await as('bob', method, path(alice.full, suffix));
        expect(answer.status, `${method} ${suffix}`).toBe(404);
        expect(answer.body.error?.code).toBe('schedule_not_found');
      }
      expect((await as<Schedule>('admin', 'GET', path(alice.full))).body).toMatchObject({ paused: false, runs_started: 0 });
    });

    it("lists each submitter's own schedules only, whatever submitter filter it sends; viewers and admins see all", async () => {
      const ids = async (caller: Caller, query = '') => {
        const answer = await until(
          () => as<SchedulePage & ApiBody>(caller, 'GET', `/schedules${query}`),
          (page) => page.status === 200 && page.body.schedules.some((row) => row.schedule_id === (caller === 'bob' ? bob.full : alice.full)),
          { tries: 100, intervalMs: 200 },
        );
        return answer.body.schedules.map((row) => row.schedule_id);
      };
      const bobs = await ids('bob', '?submitter=alice');
      expect(bobs).toContain(bob.full);
      expect(bobs).not.toContain(alice.full);
      for (const caller of ['viewer', 'admin'] as const) expect(await ids(caller, '?limit=1000')).toEqual(expect.arrayContaining([alice.full, bob.full]));
    });

    it("keeps another submitter's runs out of its task list, even filtered by that schedule", async () => {
      const answer = await as<TaskPage & ApiBody>('bob', 'GET', `/tasks?schedule_id=${encodeURIComponent(alice.full)}`);
      expect(answer.status).toBe(200);
      expect(answer.body.tasks).toEqual([]);
    });

    it('viewers read any schedule by its full id and may change none (403); admins manage any', async () => {
      expect((await as<Schedule>('viewer', 'GET', path(alice.full))).body.schedule_id).toBe(alice.full);
      for (const [method, suffix] of [['POST', '/pause'], ['POST', '/trigger'], ['DELETE', '']] as const) {
        expect((await as('viewer', method, path(alice.full, suffix))).status, `${method} ${suffix}`).toBe(403);
      }
      expect((await create('viewer', { task_name: 'noop', schedule_id: freshId('viewer'), cron: NIGHTLY })).status).toBe(403);
      const paused = await as<Schedule>('admin', 'POST', path(alice.full, '/pause'));
      expect(paused.body).toMatchObject({ schedule_id: alice.full, paused: true, note: 'paused by root', submitter: 'alice' });
    });
  });
});
