import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { exampleApprovalTask } from '../../examples/approval/task';
import { defineTask } from '../../src';
import { createRegistry } from '../../src/tasks/registry';
import { examplesProject } from '../helpers/examples';
import { useApi, type ApiBody, type SubmitAnswer } from '../helpers/api-harness';
import { runCliLine } from '../helpers/cli';
import { until } from '../helpers/until';

/** Names no other test file, and no earlier run on a lasting cluster, submits under: the filters below see this run's tasks only. */
const RUN = randomUUID().slice(0, 8);
type Who = 'alice' | 'bob' | 'vera' | 'root';
const ROLES: Record<Who, string> = { alice: 'submitter', bob: 'submitter', vera: 'viewer', root: 'admin' };
const nameOf = (who: Who) => `bulk-${who}-${RUN}`;
const secretOf = (who: Who) => `${nameOf(who)}-secret`;
const KEYS = (Object.keys(ROLES) as Who[]).map((who) => `${nameOf(who)}:${ROLES[who]}:${secretOf(who)}`).join(',');
const as = (who: Who) => ({ authorization: `Bearer ${secretOf(who)}` });
/** Tasks per submitter: 500 in all. */
const EACH = 250;
const PATIENCE = { tries: 600, intervalMs: 100 };

interface BatchCount extends ApiBody {
  count: number;
  query: string | null;
}
interface BatchStarted extends BatchCount {
  job_id: string | null;
  action: string;
}
interface BatchJob extends ApiBody {
  job_id: string;
  action: string;
  state: 'running' | 'completed' | 'failed';
  total: number;
  completed: number;
  failed: number;
  started_by: string | null;
}

/**
 * Bulk actions by filter, as Temporal batch operations, on 500 approval tasks (each waits for a
 * review, on the run's shared worker) submitted by two submitters over HTTP; the task type here
 * also declares a `note` signal, as an application's would.
 */
describe('POST /tasks/batch: cancel, terminate and signal every task a filter matches', () => {
  const approvalWithNote = defineTask({ ...exampleApprovalTask, signals: { note: z.object({ text: z.string().min(1) }).strict() } });
  const harness = useApi({ CONVEYOR_AUTH: 'keys', CONVEYOR_API_KEYS: KEYS }, async () => ({
    registry: createRegistry([...(await examplesProject()).registry.list().filter((task) => task.name !== 'example_approval'), approvalWithNote]),
  }));
  const since = new Date(Date.now() - 1000).toISOString();
  const filter = { task_name: 'example_approval', created_after: since };
  const batch = <T extends ApiBody = BatchStarted>(who: Who, body: Record<string, unknown>) => harness.api.call<T>('POST', '/tasks/batch', { body, headers: as(who) });
  const count = async (who: Who, f: Record<string, unknown>) => (await batch<BatchCount>(who, { filter: f, action: 'cancel', dry_run: true })).body.count;
  const jobDone = (who: Who, jobId: string) =>
    until(
      () => harness.api.call<BatchJob>('GET', `/tasks/batch/${jobId}`, { headers: as(who) }),
      (answer) => answer.status !== 200 || answer.body.state !== 'running',
      PATIENCE,
    );

  /** `n` approvals (each waits for a review) as `who`; on `queue`, when given, instead of the type's own. */
  async function submitMany(who: Who, n: number, queue?: string): Promise<string[]> {
    const ids: string[] = [];
    const body = { task_name: 'example_approval', parameters: { subject: 'bulk', timeout: 600 }, ...(queue ? { queue } : {}) };
    for (let sent = 0; sent < n; sent += 25) {
      const answers = await Promise.all(Array.from({ length: Math.min(25, n - sent) }, () => harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body, headers: as(who) })));
      for (const answer of answers) {
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
        ids.push(answer.body.task_id);
      }
    }
    return ids;
  }

  it('counts (dry run), then signals, cancels and terminates 500 tasks by filter, narrowing a submitter to its own tasks', async () => {
    // On a queue no worker serves, the 500 stay queued: what acts on them is Temporal's batch
    // operations alone (the CLI test below has a worker end cancelled tasks as cancelled).
    const idle = `bulk-idle-${RUN}`;
    const [aliceIds, bobIds] = await Promise.all([submitMany('alice', EACH, idle), submitMany('bob', EACH, idle)]);
    // Visibility counts them a moment after they started. Other files' approvals share the server: counts name a submitter.
    const alices = { ...filter, submitter: nameOf('alice') };
    const bobs = { ...filter, submitter: nameOf('bob') };
    for (const mine of [alices, bobs]) await until(() => count('root', { ...mine, status: 'queued' }), (n) => n === EACH, PATIENCE);

    // A submitter's filter is narrowed to its own tasks, whatever it names; a viewer acts on none.
    expect(await count('alice', filter)).toBe(EACH);
    expect(await count('alice', { ...filter, submitter: nameOf('bob') })).toBe(EACH);
    expect((await batch('vera', { filter, action: 'cancel' })).status).toBe(403);

    // Alice signals her tasks: one job, followed to its end; Bob cannot follow it.
    const signalled = await batch('alice', { filter, action: 'signal', signal: { name: 'note', payload: { text: 'hello' } } });
    expect(signalled.status, JSON.stringify(signalled.body)).toBe(202);
    expect(signalled.body).toMatchObject({ action: 'signal', count: EACH, job_id: expect.stringMatching(/^conveyor-batch-/) });
    const signalJob = signalled.body.job_id!;
    expect((await jobDone('alice', signalJob)).body).toMatchObject({ action: 'signal', state: 'completed', total: EACH, completed: EACH, failed: 0, started_by: nameOf('alice') });
    expect((await harness.api.call('GET', `/tasks/batch/${signalJob}`, { headers: as('bob') })).status).toBe(404);
    const eventsOf = async (id: string) => (await harness.client.workflow.getHandle(id).fetchHistory()).events ?? [];
    const signal = (await eventsOf(aliceIds.at(-1)!)).find((event) => event.workflowExecutionSignaledEventAttributes);
    expect(signal?.workflowExecutionSignaledEventAttributes).toMatchObject({ signalName: 'note', identity: `conveyor-api:${nameOf('alice')}` });

    // Alice cancels hers: each of them, and none of Bob's, gets the cancellation request.
    const cancelled = await batch('alice', { filter, action: 'cancel', reason: 'bad deploy' });
    expect(cancelled.status).toBe(202);
    expect((await jobDone('alice', cancelled.body.job_id!)).body).toMatchObject({ action: 'cancel', state: 'completed', total: EACH, completed: EACH });
    expect((await eventsOf(aliceIds[0]!)).some((event) => event.workflowExecutionCancelRequestedEventAttributes)).toBe(true);
    expect((await eventsOf(bobIds[0]!)).some((event) => event.workflowExecutionCancelRequestedEventAttributes)).toBe(false);

    // An admin terminates Bob's, then Alice's: every one of the 500 ends terminated.
    for (const [who, mine] of [['bob', bobs], ['alice', alices]] as const) {
      const terminated = await batch('root', { filter: mine, action: 'terminate', reason: 'cleanup' });
      expect(terminated.status).toBe(202);
      expect((await jobDone('root', terminated.body.job_id!)).body).toMatchObject({ action: 'terminate', state: 'completed', total: EACH, completed: EACH, started_by: nameOf('root') });
      await until(() => count('root', { ...mine, status: 'terminated' }), (n) => n === EACH, PATIENCE);
      expect(await count(who, { ...mine, status: 'queued,running' })).toBe(0);
    }
  }, 180_000);

  it('groups failed tasks by their failure type in GET /failures and conveyor failures, finds them by it in GET /tasks and a bulk filter, and re-runs them as new tasks', async () => {
    const failing = { task_name: 'example_error_handling', parameters: { should_fail: true, retry_count: 0, fail_at_step: 1 } };
    const ids = await Promise.all(
      Array.from({ length: 3 }, async () => (await harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body: failing, headers: as('alice') })).body.task_id),
    );
    const failedFilter = { task_name: 'example_error_handling', created_after: since, failure_type: 'StepFailed' };
    await until(() => count('alice', failedFilter), (n) => n === ids.length, PATIENCE);
    expect(await count('alice', { ...failedFilter, failure_type: 'SimulatedStepFailure' })).toBe(0);
    const listed = await harness.api.call<{ tasks: { task_id: string }[] } & ApiBody>('GET', `/tasks?${new URLSearchParams(failedFilter)}`, { headers: as('alice') });
    expect(listed.body.tasks.map((task) => task.task_id).sort()).toEqual([...ids].sort());

    // The failures view groups them, with the filter that lists them and acts on them.
    const failures = await harness.api.call<{ groups: Record<string, unknown>[] } & ApiBody>('GET', '/failures?since=1h&task_name=example_error_handling', { headers: as('alice') });
    expect(failures.status).toBe(200);
    expect(failures.body.groups).toEqual([
      {
        task_name: 'example_error_handling',
        kind: 'failed',
        failure_type: 'StepFailed',
        count: ids.length,
        first_seen: expect.any(String),
        last_seen: expect.any(String),
        sample: { task_id: expect.toBeOneOf(ids), message: 'step 1 of 3 failed after 1 attempt(s)' },
        filter: { status: 'failed', task_name: 'example_error_handling', failure_type: 'StepFailed' },
      },
    ]);
    const env = { CONVEYOR_API_URL: harness.api.base, CONVEYOR_API_KEY: secretOf('alice') };
    const shown = await runCliLine('conveyor failures --since 1h --task-name example_error_handling', env);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^example_error_handling\s+failed\s+StepFailed\s+3\s/m);
    expect(shown.stdout).toContain('  list:   conveyor tasks list --status failed --task-name example_error_handling --failure-type StepFailed\n');
    expect(shown.stdout).toContain('  re-run: conveyor tasks rerun --filter status=failed,task_name=example_error_handling,failure_type=StepFailed');
    const listedByCli = await runCliLine('conveyor tasks list --status failed --task-name example_error_handling --failure-type StepFailed --wide', env);
    for (const id of ids) expect(listedByCli.stdout).toContain(id);

    // Re-run them: a new task for each, naming the old one; the new ones (failing again) are not re-run in turn.
    const rerunFrom = new Date().toISOString();
    const rerun = await batch('alice', { filter: { ...failedFilter, status: 'failed' }, action: 'rerun' });
    expect(rerun.status, JSON.stringify(rerun.body)).toBe(202);
    expect(rerun.body).toMatchObject({ action: 'rerun', count: ids.length, job_id: expect.stringMatching(/^conveyor-rerun-/) });
    expect((await jobDone('alice', rerun.body.job_id!)).body).toMatchObject({ state: 'completed', total: ids.length, completed: ids.length, failed: 0, started_by: nameOf('alice') });
    expect((await harness.api.call('GET', `/tasks/batch/${rerun.body.job_id}`, { headers: as('bob') })).status).toBe(404);
    const reruns = await until(
      () => harness.api.call<{ tasks: { task_id: string }[] } & ApiBody>('GET', `/tasks?task_name=example_error_handling&created_after=${rerunFrom}`, { headers: as('alice') }),
      (answer) => answer.body.tasks.length === ids.length,
      PATIENCE,
    );
    const retryOf = await Promise.all(
      reruns.body.tasks.map(async (task) => (await harness.api.call<{ retry_of: string | null } & ApiBody>('GET', `/tasks/${task.task_id}`, { headers: as('alice') })).body.retry_of),
    );
    expect(retryOf.sort()).toEqual([...ids].sort());
  });

  it('works from the CLI as typed: conveyor tasks cancel --filter asks with the count (--yes does not), --dry-run counts, conveyor tasks rerun --filter re-runs', async () => {
    const from = new Date().toISOString();
    await submitMany('alice', 3);
    const env = { CONVEYOR_API_URL: harness.api.base, CONVEYOR_API_KEY: secretOf('alice') };
    const mine = `--filter task_name=example_approval,created_after=${from}`;
    await until(() => count('alice', { task_name: 'example_approval', created_after: from }), (n) => n === 3, PATIENCE);

    expect(await runCliLine(`conveyor tasks cancel ${mine} --dry-run`, env)).toMatchObject({ code: 0, stdout: `3 task(s) match task_name=example_approval created_after=${from}: --dry-run, nothing changed\n` });
    const declined = await runCliLine(`echo n | conveyor tasks cancel ${mine}`, env);
    expect(declined).toMatchObject({ code: 1, stderr: `cancel 3 task(s) matching task_name=example_approval created_after=${from}? [y/N] aborted: nothing was changed\n` });
    expect(await count('alice', { task_name: 'example_approval', created_after: from, status: 'cancelled' })).toBe(0);
    const confirmed = await runCliLine(`echo y | conveyor tasks cancel ${mine}`, env);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toBe('completed: cancellation requested for 3 of 3 task(s)\n');
    await until(() => count('alice', { task_name: 'example_approval', created_after: from, status: 'cancelled' }), (n) => n === 3, PATIENCE);

    const rerun = await runCliLine(`conveyor tasks rerun ${mine},status=cancelled --yes`, env);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toBe('completed: re-ran 3 of 3 task(s)\n');
    const terminated = await runCliLine(`conveyor tasks cancel --terminate ${mine},status=queued,running --yes --json`, env);
    expect(terminated.code, terminated.stderr).toBe(0);
    expect(JSON.parse(terminated.stdout)).toMatchObject({ action: 'terminate', state: 'completed', total: 3, completed: 3 });

    expect(await runCliLine('conveyor tasks cancel --filter colour=red --yes', env)).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown key "colour"') });
    expect(await runCliLine(`conveyor tasks cancel some-id ${mine}`, env)).toMatchObject({ code: 2, stderr: expect.stringContaining('not both') });
  });

  it('refuses what it cannot do, naming the problem (400, 404, 422), and starts no job', async () => {
    const refused = async (body: Record<string, unknown>, status: number, field: string) => {
      const answer = await batch('root', body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
      expect(JSON.stringify(answer.body)).toContain(field);
    };
    await refused({ filter, action: 'explode' }, 400, 'body.action');
    await refused({ filter: { ...filter, colour: 'red' }, action: 'cancel' }, 400, 'colour');
    await refused({ filter: { ...filter, status: 'sleepy' }, action: 'cancel' }, 400, 'body.filter.status');
    await refused({ filter: { created_after: since }, action: 'signal', signal: { name: 'note', payload: { text: 'x' } } }, 400, 'body.filter.task_name');
    await refused({ filter, action: 'signal' }, 400, 'body.signal');
    await refused({ filter, action: 'signal', signal: { name: 'shout', payload: {} } }, 404, 'shout');
    await refused({ filter, action: 'signal', signal: { name: 'note', payload: { text: '' } } }, 422, 'body.signal.payload.text');
    expect((await harness.api.call('GET', '/tasks/batch/conveyor-batch-unknown', { headers: as('root') })).status).toBe(404);
  });
});
