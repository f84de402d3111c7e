import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesProject } from '../helpers/examples';
import { EXISTING_CLIENT_BODY, until, untilStatus, untilWorking, useApi, type ApiBody, type SubmitAnswer } from '../helpers/api-harness';
import { startWorkerProcess, uniqueQueue } from '../helpers/temporal';

interface ListAnswer {
  tasks: { task_id: string; task_name: string; status: string; queue: string; submitter: string; created_at: string }[];
  total: number;
  has_more: boolean;
  next_cursor: string | null;
}

/** POST /tasks and GET /tasks over real HTTP, against the run's dev server and real workers. */
describe('Task API: submitting and listing', () => {
  const harness = useApi();
  // Queues only this file submits to, served by a worker of its own: list filters see only these tasks.
  const listQueue = uniqueQueue('api-list');
  const pagingQueue = uniqueQueue('api-paging');
  let worker: Awaited<ReturnType<typeof startWorkerProcess>>;

  const submit = (body: unknown, headers?: Record<string, string>) => harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body, headers });
  const list = (query: string) => harness.api.call<ListAnswer & ApiBody>('GET', `/tasks?${query}`);
  const ids = (answer: { body: ListAnswer }) => answer.body.tasks.map((t) => t.task_id).sort();

  beforeAll(async () => {
    worker = await startWorkerProcess([listQueue, pagingQueue]);
  });
  afterAll(async () => {
    worker?.kill('SIGTERM');
    await worker?.exited();
  });

  describe('POST /tasks', () => {
    it.each(['/tasks', '/tasks/submit'])('%s takes the existing client body: 201, Location and task_id, and the task completes', async (path) => {
      const answer = await harness.api.call<SubmitAnswer & ApiBody>('POST', path, { body: EXISTING_CLIENT_BODY });

      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ task_name: 'example_long_running', queue: 'computor-tasks', status: 'queued', submitter: 'anonymous' });
      expect(answer.body.task_id).toMatch(/^example_long_running-/);
      expect(answer.body.short_id).toBe(answer.body.task_id.slice(-12));
      expect(answer.headers.get('location')).toBe(`/tasks/${encodeURIComponent(answer.body.task_id)}`);
      const result = await harness.api.call('GET', `${answer.headers.get('location')}/result?wait=20s`);
      expect(result.body).toMatchObject({ status: 'completed', result: { message: 'Hello Temporal!', requested_duration: 1 } });
    });

    it('answers 400 for an unknown task, listing the known types in details', async () => {
      const answer = await submit({ task_name: 'no_such_task', parameters: {} });

      expect(answer.status).toBe(400);
      expect(answer.body.error?.code).toBe('unknown_task');
      expect(answer.body.error?.message).toContain('no_such_task');
      const known = (answer.body.error?.details as { known_tasks: string[] }).known_tasks;
      expect(known).toEqual((await examplesProject()).registry.list().map((t) => t.name));
      expect(known).toEqual(expect.arrayContaining(['example_long_running', 'example_data_processing', 'example_error_handling']));
    });

    it('answers 422 naming each field that fails the parameter schema', async () => {
      const answer = await submit({ task_name: 'example_long_running', parameters: { duration: 'soon', message: 42 } });

      expect(answer.status).toBe(422);
      expect(answer.body.error?.code).toBe('invalid_parameters');
      const fields = (answer.body.error?.details as { fields: { field: string; message: string }[] }).fields.map((f) => f.field).sort();
      expect(fields).toEqual(['parameters.duration', 'parameters.message']);
      expect(answer.body.error?.message).toContain('duration');
    });

    it('honours a queue override: the workflow runs on the queue named in the body', async () => {
      const queue = uniqueQueue('api-override');
      const answer = await submit({ task_name: 'example_long_running', parameters: { duration: 1 }, queue });

      expect(answer.status).toBe(201);
      expect(answer.body.queue).toBe(queue);
      const description = await harness.client.workflow.getHandle(answer.body.task_id).describe();
      expect(description.taskQueue).toBe(queue);
      expect((await harness.api.call('GET', `/tasks/${answer.body.task_id}`)).body).toMatchObject({ queue, status: 'queued' });
      await harness.client.workflow.getHandle(answer.body.task_id).terminate('test done');
    });

    it.each([
      ['seconds', 2],
      ['a duration string', '2s'],
    ])('delays the start by %s: queued first, then completed, executing later than it was created', async (_kind, delay) => {
      const answer = await submit({ ...EXISTING_CLIENT_BODY, delay });
      expect(answer.status).toBe(201);
      expect(answer.body.start_delay_ms).toBe(2000);
      const taskId = answer.body.task_id;

      const first = await harness.api.call('GET', `/tasks/${taskId}`);
      expect(first.body).toMatchObject({ status: 'queued', started_at: null, progress: null });
      const done = await untilStatus(harness.api, taskId, ['completed']);

      const description = await harness.client.workflow.getHandle(taskId).describe();
      expect(description.executionTime!.getTime() - description.startTime.getTime()).toBeGreaterThanOrEqual(2000);
      expect(Date.parse(done.body.started_at!) - Date.parse(done.body.created_at)).toBeGreaterThanOrEqual(2000);
    });

    it('makes a repeat with the same Idempotency-Key and body return the same task (200), and a different body 409', async () => {
      const key = `key-${crypto.randomUUID()}`;
      const body = { task_name: 'example_long_running', parameters: { duration: 1, message: 'once' }, queue: 'computor-tasks' };

      const first = await submit(body, { 'idempotency-key': key });
      const again = await submit(body, { 'idempotency-key': key });
      const other = await submit({ ...body, parameters: { duration: 1, message: 'twice' } }, { 'idempotency-key': key });
      const otherKey = await submit(body, { 'idempotency-key': `${key}-2` });

      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.body.task_id).toBe(first.body.task_id);
      expect(again.headers.get('location')).toBe(first.headers.get('location'));
      expect(other.status).toBe(409);
      expect(other.body.error?.code).toBe('idempotency_conflict');
      expect(otherKey.status).toBe(201);
      expect(otherKey.body.task_id).not.toBe(first.body.task_id);

      // Still the same task once it has ended.
      await untilStatus(harness.api, first.body.task_id, ['completed']);
      const afterEnd = await submit(body, { 'idempotency-key': key });
      expect(afterEnd.status).toBe(200);
      expect(afterEnd.body).toMatchObject({ task_id: first.body.task_id, status: 'completed' });
    });

    it('answers 409 to the same Idempotency-Key with a different task_name, queue, delay or priority, and starts no second task', async () => {
      const key = `key-${crypto.randomUUID()}`;
      // Queues no worker serves and nothing else uses: every task started there, by any id, is listed.
      const [queue, otherQueue] = [uniqueQueue('api-idem'), uniqueQueue('api-idem-other')];
      const body = { task_name: 'example_long_running', parameters: { duration: 1 }, queue };

      const first = await submit(body, { 'idempotency-key': key });
      expect(first.status).toBe(201);
      const changed = {
        task_name: { task_name: 'noop', parameters: {}, queue },
        queue: { ...body, queue: otherQueue },
        delay: { ...body, delay: '1m' },
        priority: { ...body, priority: 1 },
      };
      for (const [what, changedBody] of Object.entries(changed)) {
        const answer = await submit(changedBody, { 'idempotency-key': key });
        expect(answer.status, what).toBe(409);
        expect(answer.body.error?.code, what).toBe('idempotency_conflict');
      }

      // Temporal's own record: the key's task is still the first request's, and beside it only a marker
      // task submitted last. Visibility lists both once it has caught up with the marker; a second
      // task started before it is listed by then too on SQL visibility, where records are written in
      // order (Elasticsearch indexes each history shard's records on its own, so there the first task
      // itself may show after the marker: both are waited for).
      const description = await harness.client.workflow.getHandle(first.body.task_id).describe();
      expect({ type: description.type, queue: description.taskQueue, runId: description.runId }).toEqual({ type: 'example_long_running', queue, runId: first.body.run_id });
      const marker = await submit(body);
      const started = async (): Promise<string[]> => {
        const ids: string[] = [];
        for await (const execution of harness.client.workflow.list({ query: `TaskQueue = '${queue}' OR TaskQueue = '${otherQueue}'` })) ids.push(execution.workflowId);
        return ids.sort();
      };
      const listed = await until(started, (ids) => ids.includes(marker.body.task_id) && ids.includes(first.body.task_id));
      expect(listed).toEqual([first.body.task_id, marker.body.task_id].sort());
      await Promise.all([first, marker].map((answer) => harness.client.workflow.getHandle(answer.body.task_id).terminate('test done')));
    });

    it('answers an idempotent repeat with the priority the task runs with, as the first answer did', async () => {
      const key = `key-${crypto.randomUUID()}`;
      const body = { task_name: 'example_long_running', parameters: { duration: 1 }, queue: uniqueQueue('api-idem-priority'), priority: 2 };

      const first = await submit(body, { 'idempotency-key': key });
      const again = await submit(body, { 'idempotency-key': key });

      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(first.body).toMatchObject({ priority: 2 });
      expect(again.body).toMatchObject({ task_id: first.body.task_id, priority: 2 });
      expect((await harness.client.workflow.getHandle(first.body.task_id).describe()).priority?.priorityKey).toBe(2);
      await harness.client.workflow.getHandle(first.body.task_id).terminate('test done');
    });

    it("reports a delayed task's original delay on an idempotent repeat", async () => {
      const key = `key-${crypto.randomUUID()}`;
      const body = { task_name: 'example_long_running', parameters: { duration: 1 }, queue: uniqueQueue('api-idem-delay'), delay: '1m' };

      const first = await submit(body, { 'idempotency-key': key });
      // The same delay, written in seconds: the same request.
      const again = await submit({ ...body, delay: 60 }, { 'idempotency-key': key });

      expect(first.status).toBe(201);
      expect(first.body.start_delay_ms).toBe(60_000);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ task_id: first.body.task_id, status: 'queued', start_delay_ms: 60_000 });
      await harness.client.workflow.getHandle(first.body.task_id).terminate('test done');
    });

    it('makes a repeat with the same workflow_id and body return the same task (200), and a different body 409', async () => {
      const workflowId = `api-test-${crypto.randomUUID()}`;
      const body = { task_name: 'example_long_running', parameters: { duration: 1, message: 'once' }, queue: 'computor-tasks', workflow_id: workflowId };

      const first = await submit(body);
      const again = await submit(body);
      const other = await submit({ ...body, parameters: { duration: 2, message: 'once' } });

      expect(first.status).toBe(201);
      expect(first.body.task_id).toBe(workflowId);
      expect(first.headers.get('location')).toBe(`/tasks/${workflowId}`);
      expect(again.status).toBe(200);
      expect(again.body.task_id).toBe(workflowId);
      expect(again.body.run_id).toBe(first.body.run_id);
      expect(other.status).toBe(409);
      expect(other.body.error?.code).toBe('idempotency_conflict');
    });
  });

  describe('GET /tasks', () => {
    it('filters by status (own names and old aliases), task_name, queue, submitter and creation time', async () => {
      const queue = listQueue;
      // Two tasks that complete, one that fails, then (after a gap) one that runs until cancelled.
      const completed = [await submit({ task_name: 'example_long_running', parameters: { duration: 0 }, queue }), await submit({ task_name: 'example_long_running', parameters: { duration: 0 }, queue })];
      const failed = await submit({ task_name: 'example_error_handling', parameters: { should_fail: true, retry_count: 0 }, queue });
      const longOne = await submit({ task_name: 'example_long_running', parameters: { duration: 60 }, queue });
      const all = [...completed, failed, longOne].map((a) => a.body.task_id).sort();
      await untilWorking(harness.api, longOne.body.task_id);
      await untilStatus(harness.api, failed.body.task_id, ['failed']);
      for (const task of completed) await untilStatus(harness.api, task.body.task_id, ['completed']);

      const expectIds = async (query: string, expected: string[]) => {
        const answer = await until(
          () => list(`queue=${queue}&${query}`),
          (a) => a.status === 200 && a.body.total === expected.length && a.body.tasks.length === expected.length,
          { tries: 50 },
        );
        expect(ids(answer), query).toEqual([...expected].sort());
      };
      const completedIds = completed.map((a) => a.body.task_id);
      await expectIds('', all);
      await expectIds('status=completed', completedIds);
      await expectIds('status=finished', completedIds);
      await expectIds('status=SUCCESS', completedIds);
      await expectIds('status=failed', [failed.body.task_id]);
      await expectIds('status=completed,failed', [...completedIds, failed.body.task_id]);
      await expectIds('status=running', [longOne.body.task_id]);
      await expectIds('status=started', [longOne.body.task_id]);
      await expectIds('task_name=example_error_handling', [failed.body.task_id]);
      await expectIds('task_name=example_long_running', [...completedIds, longOne.body.task_id]);
      await expectIds('submitter=anonymous', all);
      await expectIds('submitter=someone-else', []);

      const cancel = await harness.api.call('POST', `/tasks/${longOne.body.task_id}/cancel`);
      expect(cancel.status).toBe(202);
      await expectIds('status=revoked', [longOne.body.task_id]);
      await expectIds('status=cancelled', [longOne.body.task_id]);
      await expectIds('status=running', []);

      // The long task was created last: split the four at its creation time.
      const { tasks } = (await list(`queue=${queue}`)).body;
      const splitAt = tasks.find((t) => t.task_id === longOne.body.task_id)!.created_at;
      await expectIds(`created_after=${encodeURIComponent(splitAt)}`, [longOne.body.task_id]);
      await expectIds(`created_before=${encodeURIComponent(splitAt)}`, [...completedIds, failed.body.task_id]);
      await expectIds(`created_after=${encodeURIComponent(tasks.map((t) => t.created_at).sort()[0]!)}&created_before=${encodeURIComponent(splitAt)}&status=failed`, [failed.body.task_id]);
      // Every listed task is one of ours, in our queue, by its submitter.
      expect(tasks.every((t) => t.queue === queue && t.submitter === 'anonymous')).toBe(true);
    });

    it('pages with limit and cursor: has_more/next_cursor walk every task exactly once, and total is the real count', async () => {
      const queue = pagingQueue;
      const submitted = await Promise.all(Array.from({ length: 5 }, () => submit({ task_name: 'example_long_running', parameters: { duration: 0 }, queue })));
      const expected = submitted.map((a) => a.body.task_id).sort();
      await until(
        () => list(`queue=${queue}&status=completed`),
        (a) => a.body.total === 5,
        { tries: 100 },
      );

      const seen: string[] = [];
      const pages: ListAnswer[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: ListAnswer & ApiBody } = await list(`queue=${queue}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.status).toBe(200);
        pages.push(page.body);
        seen.push(...page.body.tasks.map((t) => t.task_id));
        cursor = page.body.next_cursor;
        expect(page.body.has_more).toBe(cursor !== null);
      } while (cursor && pages.length < 10);

      expect(pages.map((p) => p.tasks.length)).toEqual([2, 2, 1]);
      expect(pages.map((p) => p.has_more)).toEqual([true, true, false]);
      expect(pages.every((p) => p.total === 5)).toBe(true);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual(expected);
    });
  });
});
