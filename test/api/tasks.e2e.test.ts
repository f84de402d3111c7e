import { describe, expect, it } from 'vitest';
import { FailureType } from '../../examples/failure-types';
import { QUEUE_ATTRIBUTE, SUBMITTER_ATTRIBUTE, TASK_NAME_ATTRIBUTE } from '../../src/contract/search-attributes';
import { startApi, until, untilStatus, untilWorking, useApi, type ApiBody, type SubmitAnswer, type TaskAnswer } from '../helpers/api-harness';
import { connectShared, uniqueQueue } from '../helpers/temporal';

interface ResultAnswer {
  task_id: string;
  status: string;
  result?: unknown;
  failure?: { type: string; message: string; causes: { type: string; message: string }[] };
}

/** One task's endpoints over real HTTP, against the run's dev server and its worker on the standard queues. */
describe('Task API: one task', () => {
  const harness = useApi();

  const submit = async (taskName: string, parameters: Record<string, unknown>, queue?: string): Promise<string> => {
    const answer = await harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body: { task_name: taskName, parameters, ...(queue ? { queue } : {}) } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.task_id;
  };
  const longTask = (duration: number, message = 'Hello Temporal!') => submit('example_long_running', { duration, message });
  const failingTask = () => submit('example_error_handling', { should_fail: true, retry_count: 0, fail_at_step: 1 });
  const view = (taskId: string, suffix = '') => harness.api.call<TaskAnswer>('GET', `/tasks/${taskId}${suffix}`);
  const result = (taskId: string, query = '') => harness.api.call<ResultAnswer & ApiBody>('GET', `/tasks/${taskId}/result${query}`);

  describe('GET /tasks/{id} and /tasks/{id}/status', () => {
    it('describes a running task: short id, name, queue, times, progress and pending activity with its last heartbeat', async () => {
      const taskId = await longTask(4, 'watch me');
      const running = await until(
        () => view(taskId),
        (a) => a.body.progress?.stage === 'working' && a.body.pending_activities[0]?.last_heartbeat_at !== null && a.body.pending_activities.length === 1,
      );

      expect(running.status).toBe(200);
      expect(running.body).toMatchObject({
        task_id: taskId,
        short_id: taskId.slice(-12),
        task_name: 'example_long_running',
        status: 'running',
        queue: 'computor-long-running',
        submitter: 'anonymous',
        finished_at: null,
        duration_ms: null,
        duration: null,
        attempts: 1,
        failure: null,
        result_available: false,
      });
      expect(running.body.short_id).toHaveLength(12);
      expect(Date.parse(running.body.created_at)).toBeLessThanOrEqual(Date.parse(running.body.started_at!));
      expect(running.body.progress).toMatchObject({ stage: 'working', message: expect.stringContaining('watch me') });
      expect(running.body.progress!.percent).toBeGreaterThan(0);
      expect(running.body.progress!.percent).toBeLessThan(100);
      const [activity] = running.body.pending_activities;
      expect(activity).toMatchObject({ activity_type: 'longRunningWork', attempt: 1 });
      expect(Date.parse(activity!.last_heartbeat_at!)).toBeGreaterThanOrEqual(Date.parse(running.body.started_at!));
      expect(activity!.last_worker).toBeTruthy();

      const alias = await view(taskId, '/status');
      expect(alias.status).toBe(200);
      expect(alias.body).toMatchObject({ task_id: taskId, status: 'running', task_name: 'example_long_running' });

      const done = await untilStatus(harness.api, taskId, ['completed']);
      expect(done.body).toMatchObject({ progress: { percent: 100, stage: 'completed' }, pending_activities: [], result_available: true, failure: null });
      expect(done.body.duration_ms).toBe(Date.parse(done.body.finished_at!) - Date.parse(done.body.started_at!));
      expect(done.body.duration_ms).toBeGreaterThanOrEqual(4000);
      expect(done.body.duration).toMatch(/^\d+s$/);
    });

    it('names the failure type and message of a failed task', async () => {
      const taskId = await failingTask();
      const failed = await untilStatus(harness.api, taskId, ['failed', 'completed']);

      expect(failed.body.status).toBe('failed');
      expect(failed.body.failure).toMatchObject({ type: FailureType.StepFailed, message: 'step 1 of 3 failed after 1 attempt(s)' });
      expect(failed.body.failure!.causes.map((c) => c.type)).toContain(FailureType.SimulatedStepFailure);
      expect(failed.body.result_available).toBe(false);
      expect(failed.body.finished_at).not.toBeNull();
    });

    it.each(['', '/status'])('answers 404 in the error shape for an unknown id (GET /tasks/{id}%s)', async (suffix) => {
      const answer = await view(`no-such-task-${crypto.randomUUID()}`, suffix);

      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ error: { code: 'task_not_found', message: expect.stringContaining('no-such-task-') } });
    });
  });

  describe('every Temporal execution status, through the API', () => {
    it('queued: a task on a queue no worker serves', async () => {
      const taskId = await submit('example_long_running', { duration: 1 }, uniqueQueue('api-nobody'));
      // Stays queued: give a worker (there is none) the time it takes to pick a task up elsewhere.
      const answers = [];
      for (let i = 0; i < 5; i++) {
        answers.push(await view(taskId));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(answers.map((a) => a.body.status)).toEqual(Array(5).fill('queued'));
      expect(answers[4]!.body).toMatchObject({ started_at: null, progress: null, failure: null, result_available: false });
      await harness.client.workflow.getHandle(taskId).terminate('test done');
    });

    it('running, then completed', async () => {
      const taskId = await longTask(1);
      await untilStatus(harness.api, taskId, ['running']);
      expect((await untilStatus(harness.api, taskId, ['completed'])).body.status).toBe('completed');
    });

    it('failed', async () => {
      const taskId = await failingTask();
      expect((await untilStatus(harness.api, taskId, ['failed', 'completed'])).body.status).toBe('failed');
      expect((await harness.client.workflow.getHandle(taskId).describe()).status.name).toBe('FAILED');
    });

    it('cancelled: POST /tasks/{id}/cancel on a running task; the workflow ends CANCELLED once its activity has stopped', async () => {
      const taskId = await longTask(30);
      await untilWorking(harness.api, taskId);

      const answer = await harness.api.call('POST', `/tasks/${taskId}/cancel`);
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ task_id: taskId, action: 'cancel_requested', status: 'running' });

      const cancelled = await untilStatus(harness.api, taskId, ['cancelled', 'failed', 'completed', 'terminated']);
      expect(cancelled.body.status).toBe('cancelled');
      expect(cancelled.body.failure?.type).toBe('CancelledFailure');
      const handle = harness.client.workflow.getHandle(taskId);
      expect((await handle.describe()).status.name).toBe('CANCELLED');
      const events = (await handle.fetchHistory()).events ?? [];
      const position = (has: (e: (typeof events)[number]) => unknown) => events.findIndex((e) => has(e));
      const requested = position((e) => e.activityTaskCancelRequestedEventAttributes);
      const activityStopped = position((e) => e.activityTaskCanceledEventAttributes);
      const taskEnded = position((e) => e.workflowExecutionCanceledEventAttributes);
      expect(requested).toBeGreaterThan(0);
      // The activity acknowledged (it heartbeated, learnt of the cancellation and stopped) before the task ended.
      expect(activityStopped).toBeGreaterThan(requested);
      expect(taskEnded).toBeGreaterThan(activityStopped);
    });

    it.each([
      ['POST', 'cancel'],
      ['DELETE', ''],
    ])('terminated: %s /tasks/{id}/%s?mode=terminate', async (method, action) => {
      const taskId = await longTask(30);
      await untilStatus(harness.api, taskId, ['running']);

      const answer = await harness.api.call(method, `/tasks/${taskId}${action ? `/${action}` : ''}?mode=terminate&reason=test`);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ task_id: taskId, action: 'terminated', status: 'terminated' });

      const terminated = await view(taskId);
      expect(terminated.body.status).toBe('terminated');
      expect(terminated.body.failure).toMatchObject({ type: 'TerminatedFailure', message: 'test' });
      expect((await harness.client.workflow.getHandle(taskId).describe()).status.name).toBe('TERMINATED');
    });

    it('timed_out: a task whose execution timeout passes before any worker picks it up', async () => {
      const queue = uniqueQueue('api-timeout');
      const taskId = `example_long_running-timeout-${crypto.randomUUID()}`;
      await harness.client.workflow.start('example_long_running', {
        taskQueue: queue,
        workflowId: taskId,
        args: [{ duration: 1, message: 'too late' }],
        workflowExecutionTimeout: '2s',
        typedSearchAttributes: [
          { key: TASK_NAME_ATTRIBUTE, value: 'example_long_running' },
          { key: QUEUE_ATTRIBUTE, value: queue },
          { key: SUBMITTER_ATTRIBUTE, value: 'anonymous' },
        ],
      });
      expect((await view(taskId)).body.status).toBe('queued');

      const timedOut = await untilStatus(harness.api, taskId, ['timed_out'], { tries: 50 });
      expect(timedOut.body).toMatchObject({ task_name: 'example_long_running', queue, failure: { type: 'TimeoutFailure' } });
      expect((await harness.client.workflow.getHandle(taskId).describe()).status.name).toBe('TIMED_OUT');
      const listed = await until(
        () => harness.api.call<{ tasks: { task_id: string; status: string }[] }>('GET', `/tasks?queue=${queue}&status=timed_out`),
        (a) => a.body.tasks.length === 1,
      );
      expect(listed.body.tasks[0]).toMatchObject({ task_id: taskId, status: 'timed_out' });
    });
  });

  describe('POST /tasks?wait=: submit and wait in one request', () => {
    const submitAndWait = (wait: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      harness.api.call<SubmitAnswer & ResultAnswer & ApiBody>('POST', `/tasks?wait=${wait}`, { body, headers });

    it('answers 201 with the result and status completed once the task ended within the wait', async () => {
      const answer = await submitAndWait('20s', { task_name: 'example_long_running', parameters: { duration: 1, message: 'at once' } });

      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      expect(answer.headers.get('location')).toBe(`/tasks/${encodeURIComponent(answer.body.task_id)}`);
      expect(answer.body).toMatchObject({
        task_name: 'example_long_running',
        queue: 'computor-long-running',
        status: 'completed',
        result: { message: 'at once', requested_duration: 1, actual_duration: expect.any(Number) },
      });
      expect(answer.body.failure).toBeUndefined();
      // What GET /tasks/{id}/result answers for it, in the same words.
      const read = await result(answer.body.task_id);
      expect(read.body).toEqual({ task_id: answer.body.task_id, status: 'completed', result: answer.body.result });
    });

    it('answers 201 with status failed and the failure of a task that failed within the wait', async () => {
      const answer = await submitAndWait('20s', { task_name: 'example_error_handling', parameters: { should_fail: true, retry_count: 0, fail_at_step: 1 } });

      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      expect(answer.body).toMatchObject({ status: 'failed', failure: { type: FailureType.StepFailed } });
      expect(answer.body.result).toBeUndefined();
    });

    it('answers 201 with the status once a wait the task outlasts is over, the task still going', async () => {
      const answer = await submitAndWait('1s', { task_name: 'example_long_running', parameters: { duration: 1 }, queue: uniqueQueue('submit-wait') });
      try {
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
        expect(answer.body.status).toBe('queued');
        expect(answer.body).not.toHaveProperty('result');
        expect(answer.elapsedMs).toBeGreaterThanOrEqual(1000);
      } finally {
        await harness.client.workflow.getHandle(answer.body.task_id).terminate('test done');
      }
    });

    it('answers an idempotent repeat 200 with the same task and its result', async () => {
      const body = { task_name: 'example_long_running', parameters: { duration: 1, message: 'once' } };
      const key = { 'idempotency-key': `submit-wait-${Date.now()}` };
      const first = await submitAndWait('20s', body, key);
      const again = await submitAndWait('20s', body, key);

      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body).toMatchObject({ task_id: first.body.task_id, status: 'completed', result: first.body.result });
    });

    it('refuses a wait beyond the server maximum (20s here) with 400 naming it, and starts nothing', async () => {
      const id = `submit-wait-too-long-${Date.now()}`;
      const answer = await submitAndWait('21s', { task_name: 'example_long_running', parameters: { duration: 1 }, workflow_id: id });

      expect(answer.status).toBe(400);
      expect(answer.body.error?.code).toBe('invalid_request');
      expect(answer.body.error?.message).toContain('20s');
      expect((await view(id)).status).toBe(404);
    });
  });

  describe('GET /tasks/{id}/result', () => {
    it('answers 202 with the status at once while the task runs, and ?wait=20s waits for 200 with the result', async () => {
      const taskId = await longTask(3, 'result later');
      await untilStatus(harness.api, taskId, ['running']);

      const early = await result(taskId);
      expect(early.status).toBe(202);
      expect(early.body).toEqual({ task_id: taskId, status: 'running' });

      const waited = await result(taskId, '?wait=20s');
      expect(waited.status).toBe(200);
      expect(waited.body).toEqual({ task_id: taskId, status: 'completed', result: { message: 'result later', requested_duration: 3, actual_duration: expect.any(Number) } });

      // The 202 came back in a fraction of the time the task still had to run; the wait lasted until its end.
      const { duration_ms: durationMs } = (await view(taskId)).body;
      expect(early.elapsedMs).toBeLessThan(durationMs! / 3);
      expect(early.elapsedMs).toBeLessThan(waited.elapsedMs);
      expect((await result(taskId)).body).toEqual(waited.body);
    });

    it('answers 202 once a ?wait the task outlasts is over, and stops following the task then', async () => {
      // A client of its own, whose history long-polls (what following a task's result is) are counted.
      const counted = await connectShared();
      const service = counted.workflowService as unknown as Record<'getWorkflowExecutionHistory', (...args: unknown[]) => Promise<unknown>>;
      const getHistory = service.getWorkflowExecutionHistory.bind(service);
      let polling = 0;
      service.getWorkflowExecutionHistory = async (...args) => {
        polling++;
        try {
          return await getHistory(...args);
        } finally {
          polling--;
        }
      };
      const countedApi = await startApi(counted);
      const taskId = await submit('example_long_running', { duration: 1 }, uniqueQueue('api-wait'));
      try {
        const answer = await countedApi.call('GET', `/tasks/${taskId}/result?wait=1s`);

        expect(answer.status).toBe(202);
        expect(answer.body).toEqual({ task_id: taskId, status: 'queued' });
        expect(answer.elapsedMs).toBeGreaterThanOrEqual(1000);
        await until(
          async () => polling,
          (n) => n === 0,
          { tries: 20, intervalMs: 50 },
        );
      } finally {
        await harness.client.workflow.getHandle(taskId).terminate('test done');
        await countedApi.close();
        await counted.connection.close();
      }
    });

    it('answers 400 for a wait beyond the server maximum (20s here)', async () => {
      const taskId = await longTask(1);
      for (const wait of ['21s', '1m']) {
        const answer = await result(taskId, `?wait=${wait}`);
        expect(answer.status, wait).toBe(400);
        expect(answer.body.error?.code).toBe('invalid_request');
        expect(answer.body.error?.message).toContain('20s');
      }
      // Not a duration at all: refused by the pattern the document declares, before any maximum.
      const answer = await result(taskId, '?wait=forever');
      expect(answer.status).toBe(400);
      expect(answer.body.error?.message).toMatch(/querystring\.wait: must be a duration/);
    });

    it('answers 200 with status failed and the failure for a failed task', async () => {
      const taskId = await failingTask();
      const answer = await result(taskId, '?wait=20s');

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ task_id: taskId, status: 'failed', failure: { type: FailureType.StepFailed } });
      expect(answer.body.result).toBeUndefined();
    });

    it.each([1, 2])(
      'answers failed with NumericOverflow, never a null result, for a sum past a double\'s range (chunks of %i)',
      async (chunkSize) => {
        const taskId = await submit('example_data_processing', { data: [1e308, 1e308], chunk_size: chunkSize, operation: 'sum' });
        const answer = await result(taskId, '?wait=20s');

        expect(answer.status).toBe(200);
        expect(answer.body).toMatchObject({ task_id: taskId, status: 'failed', failure: { type: FailureType.NumericOverflow } });
        expect(answer.body.failure?.message).toContain('overflows: it is beyond ±1.7976931348623157e+308');
        expect(answer.body.result).toBeUndefined();
      },
    );

    it('answers 404 for an unknown id', async () => {
      const answer = await result(`no-such-task-${crypto.randomUUID()}`);
      expect(answer.status).toBe(404);
      expect(answer.body.error?.code).toBe('task_not_found');
    });
  });

  describe('POST /tasks/{id}/cancel and DELETE /tasks/{id}', () => {
    it('DELETE without a mode requests cancellation', async () => {
      const taskId = await longTask(30);
      await untilStatus(harness.api, taskId, ['running']);

      const answer = await harness.api.call('DELETE', `/tasks/${taskId}`);
      expect(answer.status).toBe(202);
      expect(answer.body).toMatchObject({ task_id: taskId, action: 'cancel_requested' });
      expect((await untilStatus(harness.api, taskId, ['cancelled', 'failed', 'completed'])).body.status).toBe('cancelled');
    });

    it.each([
      ['POST', '/cancel'],
      ['DELETE', ''],
    ])('%s /tasks/{id}%s answers 404 for an unknown id and 409 for a finished task', async (method, suffix) => {
      const unknown = await harness.api.call(method, `/tasks/no-such-task-${crypto.randomUUID()}${suffix}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error?.code).toBe('task_not_found');

      const taskId = await longTask(0);
      await untilStatus(harness.api, taskId, ['completed']);
      for (const mode of ['cancel', 'terminate']) {
        const finished = await harness.api.call(method, `/tasks/${taskId}${suffix}?mode=${mode}`);
        expect(finished.status).toBe(409);
        expect(finished.body.error?.code).toBe('task_finished');
      }
    });

    it('DELETE ?purge=true deletes a finished task (then GET answers 404) and refuses a running one with 409', async () => {
      const running = await longTask(30);
      await untilStatus(harness.api, running, ['running']);
      const refused = await harness.api.call('DELETE', `/tasks/${running}?purge=true`);
      expect(refused.status).toBe(409);
      expect(refused.body.error?.code).toBe('task_running');
      expect((await view(running)).body.status).toBe('running');

      const finished = await longTask(0);
      await untilStatus(harness.api, finished, ['completed']);
      const purged = await harness.api.call('DELETE', `/tasks/${finished}?purge=true`);
      expect(purged.status).toBe(202);
      expect(purged.body).toEqual({ task_id: finished, action: 'delete_requested', status: 'completed' });
      await harness.api.call('DELETE', `/tasks/${running}?mode=terminate`);
      // Temporal deletes asynchronously; an execution that closed moments ago goes once the server has
      // checkpointed its close (every second on the run's server, test/helpers/scratch-dev-server.ts;
      // 30 s by default), an older one at once.
      const gone = await until(
        () => view(finished),
        (a) => a.status === 404,
        { tries: 120, intervalMs: 500 },
      );
      expect(gone.body.error?.code).toBe('task_not_found');
    }, 90_000);
  });

  describe('queries and signals', () => {
    it("GET /tasks/{id}/queries/progress answers the workflow's own progress (GET /tasks/{id} adds its activity's); an undeclared query is 404 query_not_declared", async () => {
      const taskId = await longTask(3, 'asked');
      const working = await untilWorking(harness.api, taskId);
      expect(working.body.progress).toMatchObject({ stage: 'working', message: expect.stringContaining('asked') });

      const progress = await harness.api.call<{ task_id: string; query: string; result: { percent: number; stage: string; message: string } } & ApiBody>('GET', `/tasks/${taskId}/queries/progress`);
      expect(progress.status).toBe(200);
      expect(progress.body).toMatchObject({ task_id: taskId, query: 'progress', result: { percent: 0, stage: 'starting', message: 'asked' } });

      const undeclared = await harness.api.call('GET', `/tasks/${taskId}/queries/secrets`);
      expect(undeclared.status).toBe(404);
      expect(undeclared.body.error?.code).toBe('query_not_declared');
      await harness.api.call('DELETE', `/tasks/${taskId}?mode=terminate`);
    });

    it('POST /tasks/{id}/signals/{name} answers 404 signal_not_declared for a signal the task type does not declare', async () => {
      const taskId = await longTask(3);
      await untilStatus(harness.api, taskId, ['running']);

      for (const name of ['anything', 'conveyor.progress']) {
        const answer = await harness.api.call('POST', `/tasks/${taskId}/signals/${name}`, { body: { percent: 50, stage: 'hacked' } });
        expect(answer.status, name).toBe(404);
        expect(answer.body.error?.code).toBe('signal_not_declared');
      }
      expect((await view(taskId)).body.progress?.stage).not.toBe('hacked');
      await harness.api.call('DELETE', `/tasks/${taskId}?mode=terminate`);
    });
  });
});
