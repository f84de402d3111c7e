import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskEvent } from '../../src/client/answers';
import { readSse } from '../../src/client/sse';
import { loadProject, type Project } from '../../src/project/load-project';
import { startTask } from '../../src/temporal/tasks/start-task';
import { until, useApi, type TaskAnswer } from '../helpers/api-harness';
import { ROOT, runCli, spawnCli } from '../helpers/cli';
import { sharedServerEnv, startWorkerProcess, uniqueQueue } from '../helpers/temporal';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'stuck');
const STUCK_CONFIG = path.join(FIXTURE, 'conveyor.config.ts');
const CHANGED_CONFIG = path.join(FIXTURE, 'changed.config.ts');
const THROWN = 'stuck fixture: a bug in workflow code';
/** Workflow task retries come at growing intervals: allow minutes, not seconds. */
const SLOW = { tries: 600, intervalMs: 500 };

type Worker = Awaited<ReturnType<typeof startWorkerProcess>>;

/**
 * A task whose workflow cannot run says why, from Temporal's own record of its failing workflow
 * task: a workflow type the worker does not export, an error thrown in workflow code, and a
 * non-determinism error after a change to the workflow. Real workers on queues of their own.
 */
// Concurrent: most of the time is Temporal retrying workflow tasks (one more attempt is a workflow
// task timeout, 10 s), which the tests of different tasks can wait out together.
describe.concurrent('a stuck task says why', () => {
  let project: Project;
  let worker: Worker;
  const queue = uniqueQueue('stuck');
  const created: string[] = [];

  beforeAll(async () => {
    project = await loadProject({ configFlag: STUCK_CONFIG, cwd: ROOT });
  });
  // The stuck fixtures' task types, so the CLI can submit them through this API.
  const harness = useApi({}, () => ({ registry: project.registry }));
  beforeAll(async () => {
    worker = await startWorkerProcess([queue], { CONVEYOR_CONFIG: STUCK_CONFIG });
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled(created.map((id) => harness.client.workflow.getHandle(id).terminate('stuck-task test cleanup')));
    worker?.kill('SIGTERM');
    await worker?.exited();
  });

  async function submit(taskName: string, onQueue = queue): Promise<string> {
    const started = await startTask(harness.client, project.registry, { taskName, params: {}, queue: onQueue }, { name: 'stuck-test', role: 'admin' });
    created.push(started.taskId);
    return started.taskId;
  }

  /** GET /tasks/{id} until Temporal has retried the task's workflow task `attempt` times. */
  const untilFailing = (id: string, attempt = 2) =>
    until(
      () => harness.api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(id)}`),
      (answer) => (answer.body.workflow_task_failure?.attempt ?? 0) >= attempt,
      SLOW,
    );

  const cli = (args: string[]) => runCli(args, { ...sharedServerEnv(), CONVEYOR_API_URL: harness.api.base });

  it('queued means no worker has taken it: a task on a queue nobody serves is queued, with no failure', async () => {
    const id = await submit('stuck_throws', uniqueQueue('stuck-idle'));
    const answer = await harness.api.call<TaskAnswer>('GET', `/tasks/${id}`);
    expect(answer.body).toMatchObject({ status: 'queued', progress: null, workflow_task_failure: null, started_at: null });
  });

  it('a workflow type the worker does not export: running, workflow_task_failing, the attempt and the message', async () => {
    const id = `stuck-unknown-${randomUUID()}`;
    await harness.client.workflow.start('not_exported_by_the_worker', { workflowId: id, taskQueue: queue, args: [] });
    created.push(id);
    const { body } = await untilFailing(id);
    expect(body.status).toBe('running');
    expect(body.progress).toMatchObject({ stage: 'workflow_task_failing' });
    expect(body.progress?.message).toContain('not_exported_by_the_worker');
    expect(body.attempts).toBe(body.workflow_task_failure?.attempt);
    expect(body.workflow_task_failure).toMatchObject({ cause: 'workflow_worker_unhandled_failure' });
    expect(body.workflow_task_failure?.failure.message).toContain('not_exported_by_the_worker');
    expect(body.started_at).not.toBeNull();
    expect(body.failure).toBeNull();
  });

  describe('an error thrown in workflow code', () => {
    let id: string;
    beforeAll(async () => {
      id = await submit('stuck_throws');
      await untilFailing(id);
    }, 360_000);

    it('GET /tasks/{id}: running, workflow_task_failing, the attempt count and the failure message', async () => {
      const { body } = await harness.api.call<TaskAnswer>('GET', `/tasks/${id}`);
      expect(body).toMatchObject({
        status: 'running',
        task_name: 'stuck_throws',
        progress: { stage: 'workflow_task_failing', message: `Error: ${THROWN}` },
        workflow_task_failure: { cause: 'workflow_worker_unhandled_failure', failure: { type: 'Error', message: THROWN } },
        failure: null,
      });
      expect(body.workflow_task_failure?.attempt).toBeGreaterThanOrEqual(2);
      expect(body.attempts).toBe(body.workflow_task_failure?.attempt);
    });

    it('GET /failures groups it as stuck, by the type of what the workflow threw, with the message', async () => {
      const { status, body } = await harness.api.call<{ groups: Record<string, unknown>[] }>('GET', '/failures?task_name=stuck_throws');
      expect(status).toBe(200);
      expect(body.groups).toContainEqual(
        expect.objectContaining({ task_name: 'stuck_throws', kind: 'stuck', failure_type: 'Error', sample: { task_id: expect.any(String), message: THROWN }, filter: null }),
      );
    });

    it('conveyor tasks get shows it', async () => {
      const { code, stdout } = await cli(['tasks', 'get', id]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^status\s+running$/m);
      expect(stdout).toMatch(/^progress\s+workflow_task_failing, attempt \d+: Temporal retries it/m);
      expect(stdout).toMatch(new RegExp(`^reason\\s+workflow_worker_unhandled_failure: Error: ${THROWN}$`, 'm'));
      const json = await cli(['tasks', 'get', id, '--json']);
      expect(JSON.parse(json.stdout)).toMatchObject({ status: 'running', workflow_task_failure: { failure: { message: THROWN } } });
    });

    it('the SSE stream sends it', async () => {
      const abort = new AbortController();
      const response = await fetch(`${harness.api.base}/tasks/${id}/events`, { signal: abort.signal });
      try {
        for await (const event of readSse(response.body!)) {
          const data = JSON.parse(event.data) as TaskEvent;
          expect(event.event).toBe('status');
          expect(data).toMatchObject({ task_id: id, status: 'running', progress: { stage: 'workflow_task_failing', message: `Error: ${THROWN}` } });
          expect(data.workflow_task_failure).toMatchObject({ cause: 'workflow_worker_unhandled_failure', failure: { message: THROWN } });
          expect(data.workflow_task_failure?.attempt).toBeGreaterThanOrEqual(2);
          return;
        }
        throw new Error('the stream ended without an event');
      } finally {
        abort.abort();
      }
    });

    it('conveyor tasks watch prints it once and keeps waiting', async () => {
      const watch = spawnCli(['tasks', 'watch', id], { ...sharedServerEnv(), CONVEYOR_API_URL: harness.api.base });
      try {
        await expectPrintedOnceWhileWaiting(watch, async () => {
          const now = (await harness.api.call<TaskAnswer>('GET', `/tasks/${id}`)).body.workflow_task_failure?.attempt ?? 0;
          await untilFailing(id, now + 1);
        });
      } finally {
        watch.kill('SIGTERM');
      }
    });

    it('conveyor submit --wait prints it once and keeps waiting', async () => {
      const submitted = spawnCli(['submit', 'stuck_throws', '--wait', '--queue', queue], { ...sharedServerEnv(), CONVEYOR_API_URL: harness.api.base });
      try {
        await expectPrintedOnceWhileWaiting(submitted, async () => {
          const taskId = /submitted (\S+) to/.exec(submitted.output())?.[1];
          if (!taskId) throw new Error(`submit printed no task id: ${submitted.output()}`);
          created.push(taskId);
          const now = (await harness.api.call<TaskAnswer>('GET', `/tasks/${taskId}`)).body.workflow_task_failure?.attempt ?? 0;
          await untilFailing(taskId, now + 1);
        });
      } finally {
        submitted.kill('SIGTERM');
      }
    });
  });

  describe('a non-determinism error after a change to the workflow', () => {
    const changedQueue = uniqueQueue('stuck-changed');
    let id: string;
    let changed: Worker | undefined;

    beforeAll(async () => {
      // The original workflow runs its first workflow task (a timer) on a worker of its own...
      const original = await startWorkerProcess([changedQueue], { CONVEYOR_CONFIG: STUCK_CONFIG });
      try {
        id = await submit('stuck_waits', changedQueue);
        await until(
          () => harness.api.call<TaskAnswer>('GET', `/tasks/${id}`),
          (answer) => answer.body.status === 'running',
          SLOW,
        );
      } finally {
        original.kill('SIGTERM');
        await original.exited();
      }
      // ...then the changed workflow serves the queue, and a signal makes it replay the history.
      changed = await startWorkerProcess([changedQueue], { CONVEYOR_CONFIG: CHANGED_CONFIG });
      await harness.client.workflow.getHandle(id).signal('nudge');
    }, 360_000);

    afterAll(async () => {
      changed?.kill('SIGTERM');
      await changed?.exited();
    });

    it('GET /tasks/{id} and conveyor tasks get report it as running, workflow_task_failing, with the non-determinism error', async () => {
      const { body } = await untilFailing(id);
      expect(body).toMatchObject({
        status: 'running',
        task_name: 'stuck_waits',
        progress: { stage: 'workflow_task_failing' },
        workflow_task_failure: { cause: 'non_deterministic_error' },
      });
      expect(body.workflow_task_failure?.failure.message).toMatch(/nondetermin/i);

      const { code, stdout } = await cli(['tasks', 'get', id]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^status\s+running$/m);
      expect(stdout).toMatch(/^reason\s+non_deterministic_error: .*nondetermin/im);
    });
  });
});

/**
 * Reads a CLI process's output until it says the workflow task is failing, lets `moreAttempts`
 * pass (Temporal retries the workflow task meanwhile), then checks that it said so once and is
 * still waiting for the task.
 */
async function expectPrintedOnceWhileWaiting(child: ReturnType<typeof spawnCli>, moreAttempts: () => Promise<void>): Promise<void> {
  const said = (): number => child.output().split('\n').filter((line) => line.startsWith('workflow_task_failing: ')).length;
  await until(
    async () => said(),
    (count) => count > 0 || child.exitCode !== null,
    SLOW,
  );
  expect(child.exitCode, child.output()).toBeNull();
  await moreAttempts();
  expect(said(), child.output()).toBe(1);
  expect(child.output()).toContain(`workflow_task_failing: Error: ${THROWN}`);
  expect(child.exitCode, child.output()).toBeNull();
}
