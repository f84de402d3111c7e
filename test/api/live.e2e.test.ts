import { connectClient, FAIL_FAST_MAX_INTERVAL_MS } from '../../src/temporal/connect';
import { describe, expect, it } from 'vitest';
import type { TaskSummary as TaskRow } from '../../src/temporal/tasks/task-summary';
import { examplesProject } from '../helpers/examples';
import { startTask } from '../../src/temporal/tasks/start-task';
import { EXISTING_CLIENT_BODY, startApi, until, useApi, type ApiBody, type SubmitAnswer } from '../helpers/api-harness';
import { freePort } from '../helpers/free-port';
import { uniqueQueue } from '../helpers/temporal';
import { readSse, type SseEvent } from '../../src/client/sse';
import { openTaskChanges } from '../helpers/sse';

interface StreamedStatus {
  task_id: string;
  status: string;
  progress: { percent: number; stage: string; message?: string } | null;
}

/** Live endpoints (SSE), the system endpoints and an unreachable Temporal, over real HTTP. */
describe('Task API: streams and system endpoints', () => {
  const harness = useApi();
  const submit = (parameters: Record<string, unknown>) =>
    harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body: { task_name: 'example_long_running', parameters } });
  const metrics = async () => (await harness.api.call<string>('GET', '/metrics')).body;

  describe('GET /tasks/{id}/events and GET /tasks/events', () => {
    it('streams progress with a rising percent while the task runs, and ends with the terminal event', async () => {
      const { body: task } = await submit({ duration: 4, message: 'streamed' });
      const response = await fetch(`${harness.api.base}/tasks/${task.task_id}/events`, { signal: AbortSignal.timeout(30_000) });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);

      const events: SseEvent[] = [];
      for await (const event of readSse(response.body!)) events.push(event);

      // The loop above ended: the server closed the stream after the terminal event.
      const last = events.at(-1)!;
      expect(last.event).toBe('completed');
      expect(JSON.parse(last.data)).toMatchObject({ task_id: task.task_id, status: 'completed', progress: { percent: 100 } });
      const working = events
        .filter((e) => e.event === 'status')
        .map((e) => JSON.parse(e.data) as StreamedStatus)
        .filter((s) => s.status === 'running' && s.progress?.stage === 'working');
      expect(working.length).toBeGreaterThanOrEqual(2);
      const percents = working.map((s) => s.progress!.percent);
      percents.slice(1).forEach((percent, i) => expect(percent).toBeGreaterThan(percents[i]!));
      expect(percents[0]).toBeLessThan(100);
      expect(events.slice(0, -1).every((e) => e.event === 'status')).toBe(true);
    });

    it('answers 404 in the error shape, not a stream, for an unknown task', async () => {
      const answer = await harness.api.call('GET', `/tasks/no-such-task-${crypto.randomUUID()}/events`);
      expect(answer.status).toBe(404);
      expect(answer.body.error?.code).toBe('task_not_found');
    });

    it('GET /tasks/events sends the row of each task that appears, and again when a worker starts it and when it ends', async () => {
      const changes = await openTaskChanges<TaskRow>(`${harness.api.base}/tasks/events`);
      try {
        // A task that waits for its review: it stays running until the test decides it, so the
        // running row is seen whatever visibility's lag (about a second on Elasticsearch).
        const { body: task } = await harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', {
          body: { task_name: 'example_approval', parameters: { subject: 'followed', timeout: 600 } },
        });
        const ofTask = (rows: TaskRow[]) => rows.filter((row) => row.task_id === task.task_id);
        await changes.until((rows) => ofTask(rows).some((row) => row.status === 'running'));
        await until(
          () => harness.api.call('POST', `/tasks/${task.task_id}/review`, { body: { decision: 'approve' } }),
          (answer) => answer.status === 200,
        );
        await changes.until((rows) => ofTask(rows).some((row) => row.status === 'completed'));

        const seen = ofTask(changes.rows);
        const ended = seen.at(-1)!;
        expect(ended).toMatchObject({ task_name: 'example_approval', queue: 'computor-tasks', status: 'completed', result_available: true, submitter: 'anonymous' });
        expect(ended.finished_at).not.toBeNull();
        expect(ended.duration_ms).toBeGreaterThan(0);
        // Every event is a change, never a repeat; the first is the task queued or under way.
        expect(['queued', 'running']).toContain(seen[0]!.status);
        seen.slice(1).forEach((row, i) => expect(row.status).not.toBe(seen[i]!.status));
      } finally {
        changes.close();
      }
    });

    it('GET /tasks/events follows every running task, not a first page: the oldest of 150 queued tasks is seen ending', async () => {
      const queue = uniqueQueue('feed'); // no worker: the tasks stay queued
      const ids: string[] = [];
      const { registry } = await examplesProject();
      try {
        for (let batch = 0; batch < 6; batch++) {
          const started = await Promise.all(
            Array.from({ length: 25 }, () => startTask(harness.client, registry, { taskName: 'noop', params: {}, queue }, { name: 'feed-test', role: 'admin' })),
          );
          ids.push(...started.map((task) => task.taskId));
        }
        const changes = await openTaskChanges<TaskRow>(`${harness.api.base}/tasks/events`);
        try {
          const rowsOf = (rows: TaskRow[]) => new Set(rows.filter((row) => row.queue === queue).map((row) => row.task_id));
          // Listing newest first, the oldest of these is far past any first page of 100.
          const listed = await changes.until((rows) => rowsOf(rows).size === ids.length);
          expect(rowsOf(listed)).toEqual(new Set(ids));
          const oldest = ids[0]!;
          await harness.client.workflow.getHandle(oldest).terminate('feed test');
          const ended = await changes.until((rows) => rows.some((row) => row.task_id === oldest && row.status === 'terminated'));
          expect(ended.filter((row) => row.task_id === oldest).map((row) => row.status)).toContain('terminated');
        } finally {
          changes.close();
        }
      } finally {
        await Promise.allSettled(ids.map((id) => harness.client.workflow.getHandle(id).terminate('feed test cleanup')));
      }
    });
  });

  describe('registry, workers and system endpoints', () => {
    it('GET /tasks/types lists every registered type, the three examples among them, with queues and parameter JSON Schemas', async () => {
      const answer = await harness.api.call<{ types: { name: string; queue: string; description: string; parameters: { type: string; properties: Record<string, { type?: string }> } }[] }>(
        'GET',
        '/tasks/types',
      );

      expect(answer.status).toBe(200);
      const byName = Object.fromEntries(answer.body.types.map((t) => [t.name, t]));
      expect(answer.body.types.map((t) => t.name)).toEqual((await examplesProject()).registry.list().map((t) => t.name));
      expect(Object.keys(byName)).toEqual(expect.arrayContaining(['example_data_processing', 'example_error_handling', 'example_long_running']));
      expect(answer.body.types.every((t) => t.parameters.type === 'object')).toBe(true);
      expect(byName.example_long_running).toMatchObject({ queue: 'computor-long-running', parameters: { type: 'object', properties: { duration: { type: 'number' }, message: { type: 'string' } } } });
      expect(byName.example_error_handling).toMatchObject({ queue: 'computor-tasks', parameters: { type: 'object', properties: { should_fail: { type: 'boolean' }, retry_count: { type: 'integer' } } } });
      expect(Object.keys(byName.example_data_processing!.parameters.properties)).toEqual(expect.arrayContaining(['data_size', 'chunk_size', 'operation', 'data']));
      expect(answer.body.types.every((t) => t.description.length > 0)).toBe(true);
    });

    it.each(['/workers', '/tasks/workers/status'])('GET %s shows the real pollers of each queue, with their identity', async (path) => {
      const answer = await harness.api.call<{ queues: { queue: string; pollers: { identity: string; kinds: string[]; last_access_time: string | null }[] }[] }>('GET', path);

      expect(answer.status).toBe(200);
      expect(answer.body.queues.map((q) => q.queue)).toEqual(['computor-tasks', 'computor-high-priority', 'computor-long-running']);
      for (const { queue, pollers } of answer.body.queues) {
        // The run's worker process (test/global-setup.ts) polls every standard queue.
        expect(pollers.length, queue).toBeGreaterThanOrEqual(1);
        const poller = pollers[0]!;
        expect(poller.identity).toMatch(/^\d+@/);
        expect(poller.kinds.sort()).toEqual(['activity', 'workflow']);
        expect(Date.now() - Date.parse(poller.last_access_time!)).toBeLessThan(5 * 60_000);
      }
    });

    it('GET /health answers 200 without credentials, GET /ready 200 while Temporal answers', async () => {
      const health = await fetch(`${harness.api.base}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const ready = await harness.api.call('GET', '/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ready' });
    });

    it('GET /metrics counts submissions, times requests by route pattern, and gauges open streams', async () => {
      const before = await metrics();
      const { body: task } = await submit({ duration: 0 });
      await harness.api.call('GET', `/tasks/${task.task_id}`);
      const submittedBefore = Number(/conveyor_tasks_submitted_total\{task_name="example_long_running"\} (\d+)/.exec(before)?.[1] ?? 0);

      const after = await metrics();
      expect(after).toContain(`conveyor_tasks_submitted_total{task_name="example_long_running"} ${submittedBefore + 1}`);
      expect(after).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/tasks\/:id"[^}]*\}/);
      expect(after).toMatch(/http_request_duration_seconds_bucket\{[^}]*method="POST"[^}]*route="\/tasks"[^}]*status_code="201"/);
      expect(after).not.toContain(task.task_id);
      expect(after).toMatch(/^conveyor_tasks_finished\{task_name="example_long_running",status="completed"\} \d+$/m);
      // Each of the registry's queues' backlog and its age, by kind of task, as Temporal reports them.
      for (const queue of (await examplesProject()).registry.queues()) {
        for (const kind of ['workflow', 'activity']) {
          expect(after).toMatch(new RegExp(`^conveyor_queue_backlog\\{queue="${queue}",kind="${kind}"\\} \\d+$`, 'm'));
          expect(after).toMatch(new RegExp(`^conveyor_queue_backlog_age_seconds\\{queue="${queue}",kind="${kind}"\\} [\\d.e-]+$`, 'm'));
        }
      }
      // Streams of earlier tests are closed by now (or very soon): the gauge is back at 0.
      await until(metrics, (text) => /^conveyor_sse_streams_open 0$/m.test(text), { tries: 50, intervalMs: 100 });

      const abort = new AbortController();
      const stream = await fetch(`${harness.api.base}/tasks/events`, { signal: abort.signal });
      expect(stream.status).toBe(200);
      expect(await metrics()).toMatch(/^conveyor_sse_streams_open 1$/m);
      abort.abort();
      await until(metrics, (text) => /^conveyor_sse_streams_open 0$/m.test(text), { tries: 50, intervalMs: 100 });
    });

    it('GET /openapi.json is an OpenAPI 3 document with every route, GET /docs serves the docs page', async () => {
      const answer = await harness.api.call<{ openapi: string; paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json');

      expect(answer.status).toBe(200);
      expect(answer.body.openapi).toMatch(/^3\./);
      const expected: [string, string][] = [
        ['/tasks', 'post'],
        ['/tasks/submit', 'post'],
        ['/tasks', 'get'],
        ['/tasks/types', 'get'],
        ['/tasks/events', 'get'],
        ['/tasks/workers/status', 'get'],
        ['/workers', 'get'],
        ['/tasks/{id}', 'get'],
        ['/tasks/{id}', 'delete'],
        ['/tasks/{id}/status', 'get'],
        ['/tasks/{id}/result', 'get'],
        ['/tasks/{id}/cancel', 'post'],
        ['/tasks/{id}/events', 'get'],
        ['/tasks/{id}/signals/{name}', 'post'],
        ['/tasks/{id}/queries/{name}', 'get'],
        ['/health', 'get'],
        ['/ready', 'get'],
        ['/metrics', 'get'],
      ];
      for (const [path, method] of expected) expect(answer.body.paths[path]?.[method], `${method} ${path}`).toBeDefined();
      expect(answer.body.paths['/tasks']?.post).toHaveProperty('requestBody');

      const docs = await fetch(`${harness.api.base}/docs`);
      expect(docs.status).toBe(200);
      expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await docs.text()).toMatch(/swagger/i);
    });

    it('keeps /tasks/types, /tasks/events and /tasks/workers/status from being read as /tasks/{id}', async () => {
      const types = await harness.api.call('GET', '/tasks/types');
      expect(types.status).toBe(200);
      expect(types.body).toHaveProperty('types');
      const workers = await harness.api.call('GET', '/tasks/workers/status');
      expect(workers.status).toBe(200);
      expect(workers.body).toHaveProperty('queues');
      const abort = new AbortController();
      const events = await fetch(`${harness.api.base}/tasks/events`, { signal: abort.signal });
      expect(events.status).toBe(200);
      expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
      abort.abort();
    });
  });

  describe('Temporal unreachable', () => {
    it('answers 503 with Retry-After on task routes, while /health stays 200 and /ready says 503', async () => {
      // The same connection the API server makes (lazy, failing fast), to a port nobody serves.
      const address = `127.0.0.1:${await freePort()}`;
      const client = await connectClient({ address, namespace: 'default', connectionOptions: { address } }, { lazy: true, failFast: true });
      const down = await startApi(client);
      try {
        const [list, submitted, health, ready] = await Promise.all([
          down.call('GET', '/tasks'),
          down.call('POST', '/tasks', { body: EXISTING_CLIENT_BODY }),
          down.call('GET', '/health'),
          down.call('GET', '/ready'),
        ]);

        for (const [name, answer] of [['GET /tasks', list], ['POST /tasks', submitted], ['GET /ready', ready]] as const) {
          expect(answer.status, name).toBe(503);
          expect(answer.headers.get('retry-after'), name).toMatch(/^\d+$/);
          expect(answer.body, name).toEqual({ error: { code: 'temporal_unavailable', message: expect.any(String) } });
        }
        expect(health.status).toBe(200);
        expect(health.body).toEqual({ status: 'ok' });
      } finally {
        await down.close();
        // The SDK's retry interceptor throws from its timer if the connection closes between two
        // attempts; let the fail-fast retries (3 attempts, at most 0.5 s apart) run out first.
        await new Promise((resolve) => setTimeout(resolve, 4 * FAIL_FAST_MAX_INTERVAL_MS));
        await client.connection.close();
      }
    });
  });
});
