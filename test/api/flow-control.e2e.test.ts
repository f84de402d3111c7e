import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createClient, TaskDebouncedError } from '../../src/client';
import { loadProject } from '../../src/project/load-project';
import { startApi, type ApiBody, type RunningApi, type SubmitAnswer, type TaskAnswer } from '../helpers/api-harness';
import { ROOT, runCli } from '../helpers/cli';
import { connectShared, sharedServerEnv, startWorkerProcess } from '../helpers/temporal';
import { until } from '../helpers/until';

const FIXTURE_CONFIG = path.join(ROOT, 'test', 'fixtures', 'flow-control', 'conveyor.config.ts');
/** The fixture's queues (its task types' own: the limits are declared per task type's queue). */
const QUEUES = ['flow-keys', 'flow-key-limited', 'flow-queue-limited'];
/** The fixture's `rateLimit` and `keyRateLimit`: activities per second. */
const LIMIT_PER_SECOND = 4;
const KEYS = 'alice:submitter:alice-secret,bob:submitter:bob-secret,root:admin:root-secret';
const WEIGHTS = 'heavy=3,light=0.5';
const as = (name: 'alice' | 'bob' | 'root') => ({ authorization: `Bearer ${name}-secret` });
const PATIENCE = { tries: 300, intervalMs: 100 };

interface KeysSeen {
  workflow: string | null;
  activity: string | null;
  child: string | null;
}

type QueueView = ApiBody & {
  queue: string;
  rate_limit: { declared: number | null; applied: { per_second: number; updated_by: string | null } | null };
  key_rate_limit: { declared: number | null; applied: { per_second: number; updated_by: string | null } | null };
  fairness_weights: { declared: Record<string, number>; applied: Record<string, number> };
  drift: string[];
  backlog: { by_key: { fairness_key: string; queued: number }[] };
};

/**
 * Flow control end to end: a real `conveyor worker` serving test/fixtures/flow-control (with
 * CONVEYOR_FAIRNESS_WEIGHTS) and the Task API over HTTP with three principals, against the run's
 * dev server (fairness on, as `npm start` runs it).
 */
describe('flow control', () => {
  let client: Client;
  let api: RunningApi;
  let worker: Awaited<ReturnType<typeof startWorkerProcess>>;

  beforeAll(async () => {
    client = await connectShared();
    const { registry } = await loadProject({ configFlag: FIXTURE_CONFIG, cwd: ROOT });
    const env = { CONVEYOR_AUTH: 'keys', CONVEYOR_API_KEYS: KEYS, CONVEYOR_FAIRNESS_WEIGHTS: WEIGHTS };
    [api, worker] = await Promise.all([
      startApi(client, env, { registry }),
      startWorkerProcess(QUEUES, { CONVEYOR_CONFIG: FIXTURE_CONFIG, CONVEYOR_FAIRNESS_WEIGHTS: WEIGHTS }),
    ]);
  }, 180_000);

  afterAll(async () => {
    worker?.kill('SIGTERM');
    await worker?.exited();
    await api?.close();
    await client?.connection.close();
  });

  const submit = (who: 'alice' | 'bob' | 'root', body: Record<string, unknown>, query = '') =>
    api.call<SubmitAnswer & ApiBody>('POST', `/tasks${query}`, { body, headers: as(who) });
  const queues = async (who: 'alice' | 'root' = 'root') => api.call<{ queues: QueueView[] } & ApiBody>('GET', `/queues?queues=${QUEUES.join(',')}`, { headers: as(who) });
  const queueNamed = async (name: string) => (await queues()).body.queues.find((queue) => queue.queue === name)!;

  describe('fairness keys', () => {
    it("runs every task under its submitter's name, and its activities and child workflows under the same key", async () => {
      const { status, body } = await submit('alice', { task_name: 'flow_keys_seen', parameters: {} }, '?wait=20s');
      expect(status).toBe(201);
      expect(body).toMatchObject({ status: 'completed', fairness_key: 'alice', existing: false });
      expect(body.result).toEqual({ workflow: 'alice', activity: 'alice', child: 'alice' } satisfies KeysSeen);
      const task = await api.call<TaskAnswer>('GET', `/tasks/${body.task_id}`, { headers: as('alice') });
      expect(task.body).toMatchObject({ fairness_key: 'alice', wait_reason: null });
    });

    it("runs a task under its type's fairnessKey(params) instead of its submitter's name", async () => {
      const { body } = await submit('bob', { task_name: 'flow_customer_keys_seen', parameters: { customer: 'acme' } }, '?wait=20s');
      expect(body).toMatchObject({ status: 'completed', fairness_key: 'acme' });
      expect(body.result).toEqual({ workflow: 'acme', activity: 'acme', child: 'acme' } satisfies KeysSeen);
    });

    it('lets an admin name the fairness key, and refuses a submitter who does (403, nothing started)', async () => {
      const refused = await submit('bob', { task_name: 'flow_keys_seen', parameters: {}, fairness_key: 'vip', workflow_id: 'bob-named-key' });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({ code: 'forbidden', details: { fields: [{ field: 'body.fairness_key' }] } });
      expect((await api.call('GET', '/tasks/bob-named-key', { headers: as('bob') })).status).toBe(404);

      const { body } = await submit('root', { task_name: 'flow_keys_seen', parameters: {}, fairness_key: 'vip' }, '?wait=20s');
      expect(body).toMatchObject({ status: 'completed', fairness_key: 'vip' });
      expect(body.result).toEqual({ workflow: 'vip', activity: 'vip', child: 'vip' } satisfies KeysSeen);
    });

    it('refuses a fairness key longer than Temporal takes (64 bytes), naming the field', async () => {
      const { status, body } = await submit('root', { task_name: 'flow_keys_seen', parameters: {}, fairness_key: 'k'.repeat(65) });
      expect(status).toBe(400);
      expect(JSON.stringify(body.error)).toContain('fairness_key');
    });
  });

  describe('rate limits and weights in Temporal', () => {
    it("has the worker apply its task types' limits and the settings' weights to Temporal's task-queue configuration, shown by GET /queues", async () => {
      // Temporal hands a change to the queue's partitions a moment after the worker made it.
      const applied = await until(
        () => Promise.all([queueNamed('flow-key-limited'), queueNamed('flow-queue-limited')]),
        (views) => views.every((view) => view.drift.length === 0),
        PATIENCE,
      );
      const [keyLimited, queueLimited] = applied;
      expect(keyLimited.key_rate_limit.declared).toBe(LIMIT_PER_SECOND);
      expect(keyLimited.key_rate_limit.applied).toMatchObject({ per_second: LIMIT_PER_SECOND, updated_by: expect.stringMatching(/^conveyor-worker:/) });
      expect(keyLimited.rate_limit).toEqual({ declared: null, applied: null });
      expect(queueLimited.rate_limit.applied).toMatchObject({ per_second: LIMIT_PER_SECOND });
      for (const view of [keyLimited, queueLimited]) {
        expect(view.fairness_weights.applied.heavy).toBeCloseTo(3);
        expect(view.fairness_weights.applied.light).toBeCloseTo(0.5);
        expect(view.drift).toEqual([]);
      }
    });

    it('dispatches a flooded queue at its rate limit', async () => {
      const count = 20;
      const answers = await Promise.all(Array.from({ length: count }, () => submit('root', { task_name: 'flow_queue_limited', parameters: {} })));
      const stamps = (await Promise.all(answers.map(({ body }) => client.workflow.getHandle(body.task_id).result()))) as number[];
      const spanMs = Math.max(...stamps) - Math.min(...stamps);
      // Unlimited, 20 activities on an idle worker start within a fraction of a second. At 4 a
      // second they take about 5 s; the bound leaves room for a burst of up to 8 at once.
      expect(spanMs).toBeGreaterThanOrEqual(((count - 8) / LIMIT_PER_SECOND) * 1000);
    }, 60_000);

    it('holds a key at its per-key rate limit (wait reason rate_limited) without slowing another key', async () => {
      const hot = await Promise.all(Array.from({ length: 24 }, () => submit('root', { task_name: 'flow_key_limited', parameters: { customer: 'hot' } })));
      // The cold key's four right behind the hot key's flood: they run at their own pace.
      const cold = await Promise.all(Array.from({ length: 4 }, () => submit('root', { task_name: 'flow_key_limited', parameters: { customer: 'cold' } })));
      // Meanwhile some of the hot key's tasks wait with an activity scheduled, held back by the limit.
      const reasons = await until(
        () => Promise.all(hot.map(async ({ body }) => (await api.call<TaskAnswer>('GET', `/tasks/${body.task_id}`, { headers: as('root') })).body)),
        (tasks) => tasks.some((task) => task.wait_reason === 'rate_limited') || tasks.every((task) => task.status === 'completed'),
        PATIENCE,
      );
      expect(reasons.map((task) => task.wait_reason)).toContain('rate_limited');
      const stampsOf = (answers: typeof hot) => Promise.all(answers.map(({ body }) => client.workflow.getHandle(body.task_id).result())) as Promise<number[]>;
      const [hotStamps, coldStamps] = await Promise.all([stampsOf(hot), stampsOf(cold)]);
      const hotSpan = Math.max(...hotStamps) - Math.min(...hotStamps);
      expect(hotSpan).toBeGreaterThanOrEqual(((24 - 8) / LIMIT_PER_SECOND) * 1000);
      // The cold key's four ran at its own pace, while the hot key still had a backlog to get through:
      // behind one shared limit they would have started after all 24 hot ones.
      const coldDone = Math.max(...coldStamps);
      expect(coldDone).toBeLessThan(Math.max(...hotStamps));
      expect(hotStamps.filter((stamp) => stamp > coldDone).length).toBeGreaterThanOrEqual(4);
    }, 60_000);

    it('shows a limit changed by hand in Temporal as drift (and who changed it), and lets only admins change limits through PATCH /queues/{queue}', async () => {
      await client.workflowService.updateTaskQueueConfig({
        namespace: client.options.namespace,
        identity: 'temporal-cli:ops@laptop',
        taskQueue: 'flow-queue-limited',
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
        updateQueueRateLimit: { rateLimit: { requestsPerSecond: 9 }, reason: 'hot fix' },
      });
      // GET /queues sees the change once Temporal has handed it to the queue's partitions.
      const drifted = await until(() => queueNamed('flow-queue-limited'), (view) => view.drift.length > 0, PATIENCE);
      expect(drifted.drift).toEqual(['rate_limit']);
      expect(drifted.rate_limit).toMatchObject({ declared: LIMIT_PER_SECOND, applied: { per_second: 9, updated_by: 'temporal-cli:ops@laptop' } });

      // The same, as `conveyor queues` prints it; and `conveyor queues set`, as an admin types it.
      const cli = (key: string, ...args: string[]) => runCli(args, { ...sharedServerEnv(), CONVEYOR_API_URL: api.base, CONVEYOR_API_KEY: key });
      const listed = await cli('root-secret', 'queues', '--queues', 'flow-queue-limited');
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain('flow-queue-limited (flow_queue_limited)\n  rate limit: 9/s (set by temporal-cli:ops@laptop), declared 4/s\n');
      expect(listed.stdout).toContain('  drift: rate_limit changed in Temporal since a worker applied the declared values\n');
      expect(await cli('root-secret', 'queues', 'set', 'flow-queue-limited', '--rate-limit', '0')).toMatchObject({ code: 2, stderr: expect.stringContaining('--rate-limit') });
      expect(await cli('root-secret', 'queues', 'set', 'flow-queue-limited')).toMatchObject({ code: 2, stderr: expect.stringContaining('name something to change') });
      const set = await cli('root-secret', 'queues', 'set', 'flow-queue-limited', '--rate-limit', '5', '--weight', 'heavy=2');
      expect(set.code).toBe(0);
      expect(set.stdout).toContain('  rate limit: 5/s (set by conveyor-api:root), declared 4/s\n');
      expect(set.stdout).toMatch(/weights: .*heavy=2/);
      // A refusal of the API is the caller's mistake: exit 2, as for every client command.
      expect(await cli('alice-secret', 'queues', 'set', 'flow-queue-limited', '--rate-limit', '5')).toMatchObject({ code: 2, stderr: 'error: role submitter may not do this (403 forbidden)\n' });

      expect((await queues('alice')).status).toBe(403);
      const refused = await api.call('PATCH', '/queues/flow-queue-limited', { body: { rate_limit: LIMIT_PER_SECOND }, headers: as('alice') });
      expect(refused.status).toBe(403);
      const mended = await api.call<QueueView>('PATCH', '/queues/flow-queue-limited', {
        body: { rate_limit: LIMIT_PER_SECOND, fairness_weights: { light: null, heavy: 3 } },
        headers: as('root'),
      });
      expect(mended.status).toBe(200);
      expect(mended.body.rate_limit.applied).toMatchObject({ per_second: LIMIT_PER_SECOND, updated_by: 'conveyor-api:root' });
      expect(mended.body.fairness_weights.applied.light).toBeUndefined();
      expect(mended.body.drift).toEqual(['fairness_weights']);
      const empty = await api.call('PATCH', '/queues/flow-queue-limited', { body: {}, headers: as('root') });
      expect(empty.status).toBe(400);
    });
  });

  describe('singletons', () => {
    const release = (taskId: string) => client.workflow.getHandle(taskId).signal('release', {});

    it('answers the running task of its type and key (200, existing: true), for any submitter, and starts a new one once it ended', async () => {
      const doc = `doc-${Date.now()}`;
      const first = await submit('alice', { task_name: 'flow_held_document', parameters: { doc }, mode: 'singleton' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ task_id: `flow_held_document-singleton-${doc}`, existing: false });
      const again = await submit('alice', { task_name: 'flow_held_document', parameters: { doc, note: 'later' }, mode: 'singleton' });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ task_id: first.body.task_id, run_id: first.body.run_id, existing: true, submitter: 'alice' });
      const other = await submit('bob', { task_name: 'flow_held_document', parameters: { doc }, mode: 'singleton' });
      expect(other.body).toMatchObject({ task_id: first.body.task_id, run_id: first.body.run_id, existing: true });
      const otherDoc = await submit('alice', { task_name: 'flow_held_document', parameters: { doc: `${doc}-2` }, mode: 'singleton' });
      expect(otherDoc.status).toBe(201);

      await release(first.body.task_id);
      await client.workflow.getHandle(first.body.task_id).result();
      const next = await submit('alice', { task_name: 'flow_held_document', parameters: { doc }, mode: 'singleton' });
      expect(next.status).toBe(201);
      expect(next.body.task_id).toBe(first.body.task_id);
      expect(next.body.run_id).not.toBe(first.body.run_id);
      await Promise.all([release(next.body.task_id), release(otherDoc.body.task_id)]);
    });

    it("follows the task type's default mode unless the submit says start", async () => {
      const first = await submit('bob', { task_name: 'flow_singleton_default', parameters: {} });
      const again = await submit('bob', { task_name: 'flow_singleton_default', parameters: {} });
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body.task_id).toBe(first.body.task_id);
      const started = await submit('bob', { task_name: 'flow_singleton_default', parameters: {}, mode: 'start' });
      expect(started.status).toBe(201);
      expect(started.body.task_id).not.toBe(first.body.task_id);
      await Promise.all([release(first.body.task_id), release(started.body.task_id)]);
    });

    it('refuses a singleton with its own task id (400 naming mode)', async () => {
      const { status, body } = await submit('alice', { task_name: 'flow_held_document', parameters: { doc: 'x' }, mode: 'singleton', workflow_id: 'mine' });
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ details: { fields: [{ field: 'body.mode' }] } });
    });

    it('works from the typed client and the CLI', async () => {
      const doc = `cli-${Date.now()}`;
      const typed = createClient({ url: api.base, apiKey: 'alice-secret' });
      const first = await typed.submit('flow_held_document', { doc }, { mode: 'singleton' });
      const again = await typed.submit('flow_held_document', { doc }, { mode: 'singleton' });
      expect([first.submission.existing, again.submission.existing]).toEqual([false, true]);
      const cli = await runCli(['submit', 'flow_held_document', '--params', JSON.stringify({ doc }), '--singleton'], {
        ...sharedServerEnv(),
        CONVEYOR_API_URL: api.base,
        CONVEYOR_API_KEY: 'alice-secret',
      });
      expect(cli).toMatchObject({ code: 0, stdout: `already there: ${first.submission.task_id} (running) on flow-keys\n` });
      await release(first.submission.task_id);
    });
  });

  describe('debounce', () => {
    it('collapses submits within the window into one run with the last parameters; the task reads as queued/debouncing until it starts', async () => {
      const first = await submit('alice', { task_name: 'flow_echo', parameters: { n: 1 }, debounce: '2s' });
      expect(first.status).toBe(202);
      expect(first.body).toMatchObject({ status: 'queued', wait_reason: 'debouncing', submits: 1, fairness_key: 'alice' });
      const taskId = first.body.task_id;
      const pending = await api.call<TaskAnswer>('GET', `/tasks/${taskId}`, { headers: as('alice') });
      expect(pending.status).toBe(200);
      expect(pending.body).toMatchObject({ task_id: taskId, status: 'queued', wait_reason: 'debouncing', fairness_key: 'alice' });
      expect(Date.parse(String(pending.body.runs_at))).toBeGreaterThan(Date.now());
      expect((await api.call('GET', `/tasks/${taskId}`, { headers: as('bob') })).status).toBe(404);

      const second = await submit('alice', { task_name: 'flow_echo', parameters: { n: 2 }, debounce: { window: '2s', max_wait: '10s' } });
      expect(second.status).toBe(202);
      expect(second.body).toMatchObject({ task_id: taskId, submits: 2 });
      const result = await api.call<ApiBody & { status: string; result?: unknown }>('GET', `/tasks/${taskId}/result?wait=20s`, { headers: as('alice') });
      expect(result.body).toMatchObject({ status: 'completed', result: { n: 2 } });
      // One run for the two submits (visibility lists it a moment after it started).
      const runs = await until(() => client.workflow.count(`ConveyorTaskName = 'flow_echo' AND ConveyorSubmitter = 'alice'`), ({ count }) => count > 0, PATIENCE);
      expect(runs.count).toBe(1);
    }, 60_000);

    it('shows a task waiting out its window in `conveyor tasks get` (why it waits, when it runs, its fairness key), and each type\'s flow control in `conveyor types`', async () => {
      // A window long enough for a CLI process to start on a busy machine; it fires after the test.
      const { body } = await submit('root', { task_name: 'flow_echo', parameters: { n: 5 }, debounce: '2m' });
      const shown = await runCli(['tasks', 'get', body.task_id], { ...sharedServerEnv(), CONVEYOR_API_URL: api.base, CONVEYOR_API_KEY: 'root-secret' });
      expect(shown.code).toBe(0);
      expect(shown.stdout).toMatch(/^status +queued$/m);
      expect(shown.stdout).toMatch(/^waiting +out its debounce window, runs at .+ at the earliest$/m);
      expect(shown.stdout).toMatch(/^fairness key +root$/m);
      // What each type declares, in `conveyor types`.
      const types = await runCli(['types', '--config', FIXTURE_CONFIG]);
      expect(types.stdout).toContain('flow_echo_debounced  (queue: flow-keys)');
      expect(types.stdout).toContain('  flow control: debounced 1s (at most 10s)\n');
      expect(types.stdout).toContain('  flow control: fairness key from its parameters, 4 activities/s per fairness key\n');
    });

    it('refuses a debounce with its own task id, or with ?wait= (400, naming the field)', async () => {
      const withId = await submit('alice', { task_name: 'flow_echo', parameters: { n: 1 }, debounce: '1s', workflow_id: 'mine' });
      expect(withId.status).toBe(400);
      expect(withId.body.error).toMatchObject({ details: { fields: [{ field: 'body.debounce' }] } });
      const withWait = await submit('alice', { task_name: 'flow_echo', parameters: { n: 1 }, debounce: '1s' }, '?wait=5s');
      expect(withWait.status).toBe(400);
      expect(withWait.body.error).toMatchObject({ details: { fields: [{ field: 'querystring.wait' }] } });
    });

    it("works from the typed client (debounce(), and submit() of a type that debounces by default) and the CLI", async () => {
      const typed = createClient({ url: api.base, apiKey: 'bob-secret' });
      const first = await typed.debounce('flow_echo', { n: 10 }, { window: '2s' });
      const again = await typed.debounce('flow_echo', { n: 11 }, { window: '2s' });
      expect(again.debounced.task_id).toBe(first.debounced.task_id);
      expect(await again.result()).toEqual({ n: 11 });

      const refused = await typed.submit('flow_echo_debounced', { n: 20 }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(TaskDebouncedError);
      expect((refused as TaskDebouncedError).debounced).toMatchObject({ task_name: 'flow_echo_debounced', wait_reason: 'debouncing' });
      const now = await typed.submit('flow_echo_debounced', { n: 21 }, { mode: 'start', wait: '10s' });
      expect(now.submission).toMatchObject({ status: 'completed', result: { n: 21 } });

      const cli = await runCli(['submit', 'flow_echo', '--params', '{"n":30}', '--debounce', '2s', '--json'], {
        ...sharedServerEnv(),
        CONVEYOR_API_URL: api.base,
        CONVEYOR_API_KEY: 'bob-secret',
      });
      expect(cli.code).toBe(0);
      expect(JSON.parse(cli.stdout)).toMatchObject({ task_name: 'flow_echo', status: 'queued', wait_reason: 'debouncing', submits: 1 });
      expect(await typed.task(JSON.parse(cli.stdout).task_id).result()).toEqual({ n: 30 });
    }, 60_000);
  });

  it('counts queued tasks per fairness key in GET /queues', async () => {
    // Nobody serves this queue: the tasks stay queued.
    const parked = { task_name: 'flow_keys_seen', parameters: {}, queue: `flow-parked-${Date.now()}` };
    const answers = await Promise.all([submit('alice', parked), submit('alice', parked), submit('bob', parked)]);
    onTestFinished(async () => {
      await Promise.all(answers.map(({ body }) => client.workflow.getHandle(body.task_id).terminate('parked for the test')));
    });
    const view = await until(
      async () => (await api.call<{ queues: QueueView[] }>('GET', `/queues?queues=${parked.queue}`, { headers: as('root') })).body.queues[0]!,
      // Visibility takes a moment: until it lists all three.
      (queue) => queue.backlog.by_key.reduce((sum, row) => sum + row.queued, 0) === 3,
      PATIENCE,
    );
    expect(view.backlog.by_key).toEqual([
      { fairness_key: 'alice', queued: 2 },
      { fairness_key: 'bob', queued: 1 },
    ]);
  });
});
