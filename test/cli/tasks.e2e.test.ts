import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app';
import type { ZodApp } from '../../src/api/context';
import { loadSettings } from '../../src/config';
import { examplesProject } from '../helpers/examples';
import { startTask } from '../../src/temporal/tasks/start-task';
import { exitOf, runCli, spawnCli, waitForOutput } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { connectShared, sharedServerEnv, startWorkerProcess, uniqueQueue } from '../helpers/temporal';

/** The Task API on a free port, against the run's shared dev server (whose worker serves the standard queues). */
async function listeningApi(client: Client, env: NodeJS.ProcessEnv = {}): Promise<{ app: ZodApp; url: string }> {
  const settings = loadSettings({ ...sharedServerEnv(), ...env });
  const app = await buildApp({ client, registry: (await examplesProject()).registry, settings, log: pino({ level: 'silent' }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/** Polls `check` every 100 ms until it holds, `attempts` times at most (10 s by default). */
async function until(check: () => Promise<boolean>, what: string, attempts = 100): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const lines = (text: string): string[] => text.trim().split('\n');

describe('conveyor tasks (through the Task API)', () => {
  let client: Client;
  let api: { app: ZodApp; url: string };
  const created: string[] = [];
  /** No worker polls this queue: tasks sent here stay queued until a test ends them. */
  const idleQueue = uniqueQueue('cli-tasks-idle');

  beforeAll(async () => {
    client = await connectShared();
    api = await listeningApi(client);
  });

  afterAll(async () => {
    await api?.app.close();
    await Promise.allSettled(created.map((id) => client.workflow.getHandle(id).terminate('cli-tasks test cleanup')));
    await client?.connection.close();
  });

  const tasks = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['tasks', ...args], { ...sharedServerEnv(), CONVEYOR_API_URL: api.url, ...env });

  async function start(taskName: string, params: unknown, queue?: string): Promise<string> {
    const started = await startTask(client, (await examplesProject()).registry, { taskName, params, queue }, { name: 'cli-tasks-test', role: 'admin' });
    created.push(started.taskId);
    return started.taskId;
  }

  async function completedNoop(): Promise<string> {
    const id = await start('noop', {});
    await client.workflow.getHandle(id).result();
    return id;
  }

  async function failedTask(): Promise<string> {
    const id = await start('example_error_handling', { should_fail: true, retry_count: 0, fail_at_step: 1 });
    await client.workflow.getHandle(id).result().catch(() => undefined);
    return id;
  }

  describe('list', () => {
    /** A queue of its own (and no worker), so the list holds exactly these tasks. */
    const listQueue = uniqueQueue('cli-tasks-list');
    let ids: string[];
    beforeAll(async () => {
      ids = [await start('noop', {}, listQueue), await start('noop', {}, listQueue)];
      // Visibility is eventually consistent: wait until the API lists both.
      await until(async () => {
        const page = (await (await fetch(`${api.url}/tasks?queue=${listQueue}`)).json()) as { total: number };
        return page.total === 2;
      }, 'both tasks to be listed');
    });

    it('prints a table of short id, task, status, queue, created and duration, with the total', async () => {
      const { code, stdout, stderr } = await tasks(['list', '--queue', listQueue]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const [header, ...rest] = lines(stdout);
      expect(header?.split(/\s{2,}/)).toEqual(['ID', 'TASK', 'STATUS', 'QUEUE', 'CREATED', 'DURATION']);
      for (const id of ids) expect(rest.find((line) => line.startsWith(id.slice(-12)))).toMatch(new RegExp(`noop\\s+queued\\s+${listQueue}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+-$`));
      expect(stdout).toContain('2 shown, 2 in all');
    });

    it('--json prints the API body, and --limit/--cursor page through it', async () => {
      const first = await tasks(['list', '--queue', listQueue, '--status', 'queued', '--task-name', 'noop', '--limit', '1', '--json']);
      expect(first.code).toBe(0);
      const page = JSON.parse(first.stdout) as { tasks: { task_id: string }[]; total: number; has_more: boolean; next_cursor: string };
      expect(page).toMatchObject({ total: 2, has_more: true });
      expect(page.tasks).toHaveLength(1);

      const second = await tasks(['list', '--queue', listQueue, '--limit', '1', '--cursor', page.next_cursor, '--json']);
      expect(second.code).toBe(0);
      const next = JSON.parse(second.stdout) as typeof page;
      expect([page.tasks[0]?.task_id, next.tasks[0]?.task_id].sort()).toEqual([...ids].sort());
    });

    it('--offset pages as the API does: the second of two tasks, then none; --offset with --cursor exits 2', async () => {
      const read = async (args: string[]) => {
        const { code, stdout } = await tasks(['list', '--queue', listQueue, ...args]);
        expect(code).toBe(0);
        return stdout;
      };
      const first = JSON.parse(await read(['--limit', '1', '--offset', '0', '--json'])) as { tasks: { task_id: string }[]; offset: number; has_more: boolean };
      const second = JSON.parse(await read(['--limit', '1', '--offset', '1', '--json'])) as typeof first;
      expect([first.tasks[0]?.task_id, second.tasks[0]?.task_id].sort()).toEqual([...ids].sort());
      expect([first.offset, first.has_more, second.offset, second.has_more]).toEqual([0, true, 1, false]);
      expect((await read(['--offset', '2'])).trim()).toBe('no more tasks');

      const both = await tasks(['list', '--offset', '1', '--cursor', 'c']);
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('--offset');
    });

    it('says there are none when no task matches', async () => {
      const { code, stdout } = await tasks(['list', '--queue', uniqueQueue('empty')]);
      expect(code).toBe(0);
      expect(stdout.trim()).toBe('no tasks');
    });
  });

  it('get shows a task in human form, and --json prints the API body', async () => {
    const failed = await failedTask();
    const [human, json] = await Promise.all([tasks(['get', failed]), tasks(['get', failed, '--json'])]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^id\\s+${failed}$`, 'm'));
    expect(human.stdout).toMatch(/^task\s+example_error_handling$/m);
    expect(human.stdout).toMatch(/^status\s+failed$/m);
    expect(human.stdout).toMatch(/^queue\s+computor-tasks$/m);
    expect(human.stdout).toMatch(/^failure\s+StepFailed: step 1 of 3 failed/m);
    expect(human.stdout).toMatch(/caused by SimulatedStepFailure/);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ task_id: failed, status: 'failed', task_name: 'example_error_handling', failure: { type: 'StepFailed' } });
  });

  describe('result', () => {
    it('prints the result of a completed task and exits 0', async () => {
      const id = await completedNoop();
      const [human, json] = await Promise.all([tasks(['result', id]), tasks(['result', id, '--json'])]);
      expect(human.code).toBe(0);
      expect(JSON.parse(human.stdout)).toEqual({ ok: true });
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toEqual({ task_id: id, status: 'completed', result: { ok: true } });
    });

    it('exits 1 with the failure on stderr when the task failed', async () => {
      const id = await failedTask();
      const [human, json] = await Promise.all([tasks(['result', id]), tasks(['result', id, '--json'])]);
      expect(human.code).toBe(1);
      expect(human.stdout).toBe('');
      expect(lines(human.stderr)[0]).toBe('task failed: StepFailed: step 1 of 3 failed after 1 attempt(s)');
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ task_id: id, status: 'failed', failure: { type: 'StepFailed' } });
    });

    it('exits 1 with the status on stderr while the task has no result, also after --wait', async () => {
      const id = await start('noop', {}, idleQueue);
      const began = Date.now();
      const [now, waited, json] = await Promise.all([tasks(['result', id]), tasks(['result', id, '--wait', '1s']), tasks(['result', id, '--json'])]);
      expect(Date.now() - began).toBeGreaterThanOrEqual(1000);
      for (const answer of [now, waited]) {
        expect(answer.code).toBe(1);
        expect(answer.stdout).toBe('');
        expect(answer.stderr).toMatch(/^task queued: no result yet/);
      }
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toEqual({ task_id: id, status: 'queued' });
    });

    it('--wait waits for a task that ends in time', async () => {
      const id = await start('example_long_running', { duration: 2, message: 'waited for' });
      const { code, stdout } = await tasks(['result', id, '--wait', '30s']);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ message: 'waited for', requested_duration: 2 });
    });
  });

  describe('cancel', () => {
    it('requests cancellation; the task then ends cancelled', async () => {
      const id = await start('example_long_running', { duration: 60 });
      const { code, stdout } = await tasks(['cancel', id]);
      expect(code).toBe(0);
      expect(stdout).toContain(`cancellation requested for ${id}`);
      const result = await tasks(['result', id, '--wait', '20s']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^task cancelled/);
    });

    it('--terminate --reason terminates at once and records the reason', async () => {
      const id = await start('noop', {}, idleQueue);
      const reason = `no longer needed ${randomUUID()}`;
      const { code, stdout } = await tasks(['cancel', id, '--terminate', '--reason', reason, '--json']);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual({ task_id: id, action: 'terminated', status: 'terminated' });
      const history = await client.workflow.getHandle(id).fetchHistory();
      expect(history.events?.at(-1)?.workflowExecutionTerminatedEventAttributes?.reason).toBe(reason);

      const again = await tasks(['cancel', id]);
      expect(again.code).toBe(2);
      expect(lines(again.stderr)).toEqual([`error: task "${id}" already ended (terminated) (409 task_finished)`]);
    });

    it('refuses --reason without --terminate, touching nothing', async () => {
      const id = await start('noop', {}, idleQueue);
      const { code, stderr } = await tasks(['cancel', id, '--reason', 'why']);
      expect(code).toBe(2);
      expect(stderr).toContain('--reason goes with --terminate');
      expect((await client.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');
    });
  });

  describe('watch', () => {
    it('shows live progress, prints the result when the task completes and exits 0', async () => {
      // The task waits on a queue of its own until the CLI follows it; only then does a worker come
      // for it, so the CLI sees it run however long the CLI took to start.
      const queue = uniqueQueue('cli-watch');
      const id = await start('example_long_running', { duration: 3, message: 'watched' }, queue);
      const watching = spawnCli(['tasks', 'watch', id], { ...sharedServerEnv(), CONVEYOR_API_URL: api.url });
      let stdout = '';
      watching.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      await waitForOutput(watching, /queued: waiting for a worker/);
      const worker = await startWorkerProcess([queue]);
      try {
        expect(await exitOf(watching)).toBe(0);
      } finally {
        worker.kill('SIGTERM');
        await worker.exited();
      }
      expect(watching.output()).toMatch(/running\s+\d+%\s+working: \d+s of 3s: watched/);
      expect(JSON.parse(stdout)).toMatchObject({ message: 'watched', requested_duration: 3 });
    });

    it('--json prints the outcome and exits 1 for a failed task', async () => {
      const id = await failedTask();
      const { code, stdout } = await tasks(['watch', id, '--json']);
      expect(code).toBe(1);
      expect(JSON.parse(stdout)).toMatchObject({ task_id: id, status: 'failed', failure: { type: 'StepFailed' } });
    });

    it('shows a queued task as waiting for a worker, and ends when it is terminated', async () => {
      const id = await start('noop', {}, idleQueue);
      const watching = spawnCli(['tasks', 'watch', id], { ...sharedServerEnv(), CONVEYOR_API_URL: api.url });
      let stdout = '';
      let stderr = '';
      watching.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      watching.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => watching.on('close', resolve));
      // Terminate only once the CLI has shown the task queued: an open stream alone is not enough,
      // as its first event may not have been sent yet.
      await until(async () => stderr.includes('queued: waiting for a worker'), 'the CLI to show the task queued', 600);
      await client.workflow.getHandle(id).terminate('ended while watched');
      const code = await exited;
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(lines(stderr)).toEqual(['queued: waiting for a worker', 'task terminated: TerminatedFailure: ended while watched']);
    });
  });

  describe('bad input and failures', () => {
    it('an unknown task id is one line on stderr and exit code 2, for every subcommand', async () => {
      const id = `no-such-task-${randomUUID()}`;
      const answers = await Promise.all([['get', id], ['result', id], ['cancel', id], ['watch', id]].map((args) => tasks(args)));
      for (const { code, stdout, stderr } of answers) {
        expect(code).toBe(2);
        expect(stdout).toBe('');
        expect(lines(stderr)).toEqual([`error: no task with id "${id}" (404 task_not_found)`]);
      }
    });

    it('bad options exit 2: unknown, malformed, and refused by the API', async () => {
      const answers = await Promise.all([
        tasks(['list', '--frobnicate']),
        tasks(['list', '--limit', '0']),
        tasks(['result', 'some-id', '--wait', 'soon']),
        tasks(['list', '--status', 'bogus']),
        tasks(['frobnicate']),
      ]);
      for (const { code } of answers) expect(code).toBe(2);
      expect(lines(answers[3]?.stderr ?? '')).toEqual([expect.stringMatching(/^error: status: "bogus" is not a status\. .*RETRY.* \(400 invalid_request\)$/)]);
    });

    it('an unreachable API exits 1, naming the URL and how to start it', async () => {
      const url = `http://127.0.0.1:${await freePort()}`;
      const { code, stderr } = await tasks(['list'], { CONVEYOR_API_URL: url });
      expect(code).toBe(1);
      expect(lines(stderr)).toHaveLength(1);
      expect(stderr).toContain(`cannot reach the Conveyor API at ${url}`);
      expect(stderr).toContain('npm start');
    });
  });

  describe('with API keys', () => {
    const key = `cli-key-${randomUUID()}`;
    const password = `cli-password-${randomUUID()}`;
    let keyed: { app: ZodApp; url: string };
    beforeAll(async () => {
      keyed = await listeningApi(client, { CONVEYOR_AUTH: 'keys', CONVEYOR_API_KEYS: `ops:viewer:${key}`, CONVEYOR_USERS: `ann:viewer:${password}` });
    });
    afterAll(async () => {
      await keyed?.app.close();
    });

    it('sends CONVEYOR_API_KEY as a Bearer key; a missing or wrong key exits 2 and no key is ever printed', async () => {
      const id = await completedNoop();
      const wrong = `wrong-${randomUUID()}`;
      const [ok, missing, refused] = await Promise.all([
        tasks(['get', id], { CONVEYOR_API_URL: keyed.url, CONVEYOR_API_KEY: key }),
        tasks(['get', id], { CONVEYOR_API_URL: keyed.url }),
        tasks(['get', id], { CONVEYOR_API_URL: keyed.url, CONVEYOR_API_KEY: wrong }),
      ]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/^status\s+completed$/m);
      for (const answer of [missing, refused]) {
        expect(answer.code).toBe(2);
        expect(lines(answer.stderr)).toHaveLength(1);
        expect(answer.stderr).toMatch(/\(401 \w+\)/);
      }
      for (const answer of [ok, missing, refused]) {
        expect(answer.stdout + answer.stderr).not.toContain(key);
        expect(answer.stdout + answer.stderr).not.toContain(wrong);
      }
    });

    it('sends a user and password in CONVEYOR_API_URL as HTTP Basic, and never prints them, not even when the API cannot be reached', async () => {
      const id = await completedNoop();
      const withUser = (url: string) => url.replace('http://', `http://ann:${password}@`);
      const deadUrl = `http://127.0.0.1:${await freePort()}`;
      const [ok, unreachable] = await Promise.all([tasks(['get', id], { CONVEYOR_API_URL: withUser(keyed.url) }), tasks(['list'], { CONVEYOR_API_URL: withUser(deadUrl) })]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/^status\s+completed$/m);
      expect(unreachable.code).toBe(1);
      expect(unreachable.stderr).toContain(`cannot reach the Conveyor API at ${deadUrl} (`);
      for (const answer of [ok, unreachable]) {
        expect(answer.stdout + answer.stderr).not.toContain(password);
        expect(answer.stdout + answer.stderr).not.toContain('ann:');
      }
    });

    it('worker status is for admins: a viewer key exits 2 with 403 forbidden', async () => {
      const { code, stderr } = await runCli(['worker', 'status'], { ...sharedServerEnv(), CONVEYOR_API_URL: keyed.url, CONVEYOR_API_KEY: key });
      expect(code).toBe(2);
      expect(stderr).toMatch(/\(403 forbidden\)/);
    });
  });
});
