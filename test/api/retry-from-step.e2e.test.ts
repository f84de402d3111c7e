import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { NativeConnection, Worker } from '@temporalio/worker';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadProject, type Project } from '../../src/project/load-project';
import { loadWorkflowBundle, writeWorkflowBundle } from '../../src/worker/workflow-bundle';
import type { StepActivities } from '../fixtures/retry-from-step/workflows';
import { startApi, until, untilStatus, useApi, type ApiBody, type RunningApi, type TaskAnswer } from '../helpers/api-harness';
import { BUNDLE_CACHE } from '../helpers/examples-bundle';
import { ROOT, runCli } from '../helpers/cli';
import { sharedServerEnv, uniqueQueue } from '../helpers/temporal';

const FIXTURE_CONFIG = path.join(__dirname, '..', 'fixtures', 'retry-from-step', 'conveyor.config.ts');
const TASK = 'retry_three_steps';
/** A label that makes step three fail, until the test "fixes" the task's dependency. */
const FAILING = 'fail';
const SECRET = { alice: randomBytes(24).toString('hex'), bob: randomBytes(24).toString('hex'), vera: randomBytes(24).toString('hex') };

/** How many times each task's steps ran, by `<task id>/<step>`: the worker's activities run in this process. */
const runs = new Map<string, number>();
/** Tasks whose failing step three the test has "fixed" (the dependency an operator repairs before a reset). */
const fixed = new Set<string>();

const activities: StepActivities = {
  async step(name, label) {
    const taskId = Context.current().info.workflowExecution?.workflowId ?? 'unknown';
    runs.set(`${taskId}/${name}`, (runs.get(`${taskId}/${name}`) ?? 0) + 1);
    if (name === 'three' && label === FAILING && !fixed.has(taskId)) throw new Error('step three: the service it calls is down');
    return `${name} done`;
  },
};
const runsOf = (taskId: string) => ({ one: runs.get(`${taskId}/one`) ?? 0, two: runs.get(`${taskId}/two`) ?? 0, three: runs.get(`${taskId}/three`) ?? 0 });

interface ResetBody extends ApiBody {
  task_id: string;
  run_id: string;
  status: string;
  reset_from: { run_id: string; event_id: number; failed_event_id: number; failed_event_type: string };
  reason: string;
}
type RetryBody = ApiBody & { task_id: string; retry_of: string; task_name: string; queue: string; status: string };

/**
 * Retrying a failed task from its failed step (Temporal's reset) and as a new task with new
 * parameters, through the API and the CLI, on a three-step task whose third step fails: after the
 * fix, a reset runs only step three again. A worker in this process runs the task, counting its steps.
 */
// Concurrent: the stuck task waits out Temporal's retries of its workflow task, which the other tests need not wait for.
describe.concurrent('retry from the failed step', () => {
  let project: Project;
  let worker: Worker;
  let running: Promise<void>;
  let keysApi: RunningApi;
  const queue = uniqueQueue('retry');

  beforeAll(async () => {
    project = await loadProject({ configFlag: FIXTURE_CONFIG, cwd: ROOT });
  });
  const harness = useApi({}, () => ({ registry: project.registry }));
  beforeAll(async () => {
    const log = pino({ level: 'warn' });
    const workflowBundle = await loadWorkflowBundle(project, { prebuiltPath: undefined, cacheDir: BUNDLE_CACHE }, log, (p, outFile, inputsFile) => writeWorkflowBundle(p, outFile, log, inputsFile));
    worker = await Worker.create({ connection: await NativeConnection.connect({ address: inject('temporalAddress') }), taskQueue: queue, workflowBundle, activities });
    running = worker.run();
    keysApi = await startApi(
      harness.client,
      { CONVEYOR_AUTH: 'keys', CONVEYOR_API_KEYS: `alice:submitter:${SECRET.alice},bob:submitter:${SECRET.bob},vera:viewer:${SECRET.vera}` },
      { registry: project.registry },
    );
  }, 120_000);
  afterAll(async () => {
    await keysApi?.close();
    worker?.shutdown();
    await running;
  });

  const path = (id: string, suffix = '') => `/tasks/${encodeURIComponent(id)}${suffix}`;
  /** A task of the fixture that failed at step three, through `api` (as `headers` say). */
  const failedTask = async (api: RunningApi = harness.api, headers: Record<string, string> = {}): Promise<string> => {
    const submitted = await api.call<ApiBody & { task_id: string }>('POST', '/tasks', { body: { task_name: TASK, parameters: { label: FAILING }, queue }, headers });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const id = submitted.body.task_id;
    await until(() => api.call<TaskAnswer>('GET', path(id), { headers }), (answer) => answer.body.status === 'failed');
    return id;
  };
  const cli = (args: string[]) => runCli(args, { ...sharedServerEnv(), CONVEYOR_API_URL: harness.api.base });

  it('after the fix, a reset runs step three again and only step three: the same task, a new run linked to the failed one', async () => {
    const id = await failedTask();
    const failedRun = (await harness.api.call<TaskAnswer>('GET', path(id))).body;
    expect(failedRun).toMatchObject({ status: 'failed', reset_from: null, retry_of: null });
    expect(runsOf(id)).toEqual({ one: 1, two: 1, three: 1 });

    fixed.add(id);
    const reset = await harness.api.call<ResetBody>('POST', path(id, '/reset'), { body: { reason: 'the service is back' } });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect(reset.body).toMatchObject({
      task_id: id,
      status: 'running',
      reason: 'reset by anonymous: the service is back',
      reset_from: { run_id: failedRun.run_id, failed_event_type: 'activity_task_failed' },
    });
    expect(reset.body.run_id).not.toBe(failedRun.run_id);
    expect(reset.body.reset_from.event_id).toBeLessThan(reset.body.reset_from.failed_event_id);

    const result = await harness.api.call<ApiBody & { status: string; result: unknown }>('GET', path(id, '/result?wait=20s'));
    expect(result.body).toMatchObject({ status: 'completed', result: { label: FAILING, steps: ['one done', 'two done', 'three done'] } });
    // Steps one and two kept their recorded results; step three ran once more.
    expect(runsOf(id)).toEqual({ one: 1, two: 1, three: 2 });

    const view = (await harness.api.call<TaskAnswer>('GET', path(id))).body;
    expect(view).toMatchObject({ task_id: id, run_id: reset.body.run_id, status: 'completed', reset_from: { run_id: failedRun.run_id, reason: 'reset by anonymous: the service is back' } });
    expect(view.reset_from?.reset_at).not.toBeNull();
    // Temporal links the failed run to the new one, and keeps it as it ended.
    const old = await harness.client.workflow.getHandle(id, failedRun.run_id).describe();
    expect(old.status.name).toBe('FAILED');
    expect(old.raw.workflowExtendedInfo?.resetRunId).toBe(reset.body.run_id);

    // A completed task goes again neither way.
    for (const action of ['/reset', '/retry']) {
      const again = await harness.api.call('POST', path(id, action));
      expect(again.status, action).toBe(409);
      expect(again.body.error?.code).toBe('task_not_retryable');
      expect(again.body.error?.message).toContain('is completed');
    }
  });

  it('a retry with new parameters is a new task of the same type and queue, checked as a submit, naming the old one', async () => {
    const id = await failedTask();
    const bad = await harness.api.call('POST', path(id, '/retry'), { body: { parameters: { label: 7 } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'invalid_parameters', details: { fields: [{ field: 'parameters.label' }] } });

    const retried = await harness.api.call<RetryBody>('POST', path(id, '/retry'), { body: { parameters: { label: 'fixed input' } } });
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect(retried.body).toMatchObject({ retry_of: id, task_name: TASK, queue, existing: false });
    expect(retried.body.task_id).not.toBe(id);
    expect(retried.headers.get('location')).toBe(path(retried.body.task_id));
    const result = await harness.api.call<ApiBody & { status: string; result: unknown }>('GET', path(retried.body.task_id, '/result?wait=20s'));
    expect(result.body).toMatchObject({ status: 'completed', result: { label: 'fixed input' } });
    const view = (await harness.api.call<TaskAnswer>('GET', path(retried.body.task_id))).body;
    expect(view).toMatchObject({ retry_of: id, parameters: { label: 'fixed input' }, reset_from: null });
    // The old task is as it was: failed, its steps run once.
    expect((await harness.api.call<TaskAnswer>('GET', path(id))).body.status).toBe('failed');
    expect(runsOf(id)).toEqual({ one: 1, two: 1, three: 1 });

    // Without parameters, the old task's.
    const same = await harness.api.call<RetryBody>('POST', path(id, '/retry'));
    expect(same.status, JSON.stringify(same.body)).toBe(201);
    expect((await untilStatus(harness.api, same.body.task_id, ['failed'])).body).toMatchObject({ parameters: { label: FAILING }, retry_of: id });

    expect((await harness.api.call('POST', path(`no-such-task-${randomUUID()}`, '/retry'))).status).toBe(404);
    expect((await harness.api.call('POST', path(`no-such-task-${randomUUID()}`, '/reset'))).status).toBe(404);
    const extra = await harness.api.call('POST', path(id, '/reset'), { body: { reason: 'x', run_id: 'y' } });
    expect(extra.status).toBe(400);
  });

  it('a stuck task (its workflow task keeps failing) resets to before its first workflow task failure', async () => {
    const id = `retry-stuck-${randomUUID()}`;
    await harness.client.workflow.start('not_exported_by_the_worker', { workflowId: id, taskQueue: queue, args: [] });
    try {
      const stuck = await until(
        () => harness.api.call<TaskAnswer>('GET', path(id)),
        (answer) => (answer.body.workflow_task_failure?.attempt ?? 0) >= 2,
        { tries: 300, intervalMs: 200 },
      );
      const reset = await harness.api.call<ResetBody>('POST', path(id, '/reset'));
      expect(reset.status, JSON.stringify(reset.body)).toBe(200);
      // Its first workflow task never completed: it runs again from there.
      expect(reset.body.reset_from).toMatchObject({ run_id: stuck.body.run_id, event_id: 4, failed_event_id: 4, failed_event_type: 'workflow_task_failed' });
      expect(reset.body.reason).toBe('reset by anonymous');
      const view = await until(() => harness.api.call<TaskAnswer>('GET', path(id)), (answer) => answer.body.run_id === reset.body.run_id);
      expect(view.body.reset_from).toMatchObject({ run_id: stuck.body.run_id, reason: 'reset by anonymous' });
      // The stuck run ends, terminated by the reset.
      expect((await harness.client.workflow.getHandle(id, stuck.body.run_id).describe()).status.name).toBe('TERMINATED');
    } finally {
      await harness.client.workflow.getHandle(id).terminate('test over');
    }
  });

  it('a submitter resets and retries its own tasks only; a viewer neither', async () => {
    const as = (name: keyof typeof SECRET) => ({ authorization: `Bearer ${SECRET[name]}` });
    const id = await failedTask(keysApi, as('alice'));
    for (const action of ['/reset', '/retry']) {
      const byViewer = await keysApi.call('POST', path(id, action), { headers: as('vera') });
      expect(byViewer.status, action).toBe(403);
      const byOther = await keysApi.call('POST', path(id, action), { headers: as('bob') });
      expect(byOther.status, action).toBe(404);
      expect(byOther.body.error?.code).toBe('task_not_found');
    }
    const retried = await keysApi.call<RetryBody>('POST', path(id, '/retry'), { headers: as('alice'), body: { parameters: { label: 'by alice' } } });
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect(retried.body).toMatchObject({ retry_of: id, submitter: 'alice' });
    const reset = await keysApi.call<ResetBody>('POST', path(id, '/reset'), { headers: as('alice') });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect(reset.body.reason).toBe('reset by alice');
  });

  it('conveyor tasks reset --wait and conveyor tasks retry --params; refusals exit 2', async () => {
    const id = await failedTask();
    const shown = await cli(['tasks', 'get', id]);
    expect(shown.stdout).toContain(`conveyor tasks reset ${id}`);
    fixed.add(id);
    const reset = await cli(['tasks', 'reset', id, '--reason', 'fixed from the CLI', '--wait']);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stderr).toMatch(new RegExp(`^reset ${id}: run \\S+ goes again from event \\d+, before the activity task failed`, 'm'));
    expect(reset.stdout).toContain('three done');
    expect(runsOf(id)).toEqual({ one: 1, two: 1, three: 2 });
    const got = await cli(['tasks', 'get', id]);
    expect(got.stdout).toMatch(/^reset from\s+run \S+ at .+ \(reset by anonymous: fixed from the CLI\)$/m);
    const again = await cli(['tasks', 'reset', id]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('(409 task_not_retryable)');

    const other = await failedTask();
    const bad = await cli(['tasks', 'retry', other, '--params', '{"label": 1}']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('label');
    expect((await cli(['tasks', 'retry', other, '--params', '[1]'])).code).toBe(2);
    const retried = await cli(['tasks', 'retry', other, '--params', '{"label": "from the CLI"}', '--json']);
    expect(retried.code, retried.stderr).toBe(0);
    const body = JSON.parse(retried.stdout) as RetryBody;
    expect(body).toMatchObject({ retry_of: other, task_name: TASK });
    const newTask = await cli(['tasks', 'get', body.task_id]);
    expect(newTask.stdout).toMatch(new RegExp(`^retry of\\s+${other}$`, 'm'));
  });
});
