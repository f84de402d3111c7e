import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalResult } from '../examples/approval/schema';
import type { DecisionState } from '../src/contract/decision';
import { startApi, until, type ApiBody, type RunningApi, type SubmitAnswer, type TaskAnswer } from './api-harness';
import { connectShared, startWorkerProcess, uniqueQueue } from './helpers/temporal';

interface QueryAnswer {
  task_id: string;
  query: string;
  result: DecisionState;
}

interface ResultAnswer {
  task_id: string;
  status: string;
  result?: ApprovalResult;
}

type FieldIssues = { fields: { field: string; message: string }[] };

/**
 * A task type's declared signal and query over real HTTP, against the run's worker:
 * example_approval waits for a reviewer's `decision` signal and answers the `decision` query.
 * Who may signal (viewers 403, other submitters 404) is not repeated here: the route checks role
 * and ownership before it looks at the task type, and test/api-auth.e2e.test.ts covers that.
 */
describe('Task API: signals and queries a task type declares (example_approval)', () => {
  let client: Client;
  let api: RunningApi;

  const submit = async (parameters: Record<string, unknown>, queue?: string): Promise<string> => {
    const answer = await api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body: { task_name: 'example_approval', parameters, ...(queue ? { queue } : {}) } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.task_id;
  };
  const signal = (taskId: string, name: string, body: unknown) => api.call('POST', `/tasks/${taskId}/signals/${encodeURIComponent(name)}`, { body });
  const decision = (taskId: string) => api.call<QueryAnswer & ApiBody>('GET', `/tasks/${taskId}/queries/decision`);
  /** The progress query: a finished task's view says only `completed`, the workflow's last stage says how. */
  const progress = async (taskId: string) => (await api.call<{ result: unknown } & ApiBody>('GET', `/tasks/${taskId}/queries/progress`)).body.result;
  const result = (taskId: string) => api.call<ResultAnswer & ApiBody>('GET', `/tasks/${taskId}/result?wait=20s`);
  /** GET /tasks/{id} until the workflow runs and waits for a reviewer. */
  const untilAwaitingReview = (taskId: string) =>
    until(
      () => api.call<TaskAnswer>('GET', `/tasks/${taskId}`),
      (answer) => answer.body.progress?.stage === 'awaiting_review',
    );
  const waitingTask = async (subject: string): Promise<string> => {
    const taskId = await submit({ subject });
    await untilAwaitingReview(taskId);
    return taskId;
  };

  beforeAll(async () => {
    client = await connectShared();
    api = await startApi(client);
  });
  afterAll(async () => {
    await api?.close();
    await client?.connection.close();
  });

  it('a waiting task is running in stage awaiting_review, and the decision query answers pending with subject and deadline', async () => {
    const submittedAt = Date.now();
    const taskId = await submit({ subject: 'Publish the Q3 report', timeout: 600 });

    const waiting = await untilAwaitingReview(taskId);
    expect(waiting.body).toMatchObject({ status: 'running', task_name: 'example_approval', queue: 'computor-tasks', progress: { stage: 'awaiting_review' } });

    const pending = await decision(taskId);
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual({ task_id: taskId, query: 'decision', result: { state: 'pending', subject: 'Publish the Q3 report', deadline: expect.any(String) } });
    const deadline = Date.parse(pending.body.result.deadline);
    expect(deadline).toBeGreaterThanOrEqual(submittedAt + 600_000 - 5000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 600_000 + 5000);
    await api.call('DELETE', `/tasks/${taskId}?mode=terminate`);
  });

  it('answers 422 invalid_signal_payload naming the failing fields, and the task keeps waiting', async () => {
    const taskId = await waitingTask('Merge pull request 42');
    const cases: [payload: unknown, fields: string[], mention?: string][] = [
      [{ approved: 'yes', reviewer: 'ana' }, ['body.approved']],
      [{ approved: true }, ['body.reviewer']],
      [{ approved: true, reviewer: '' }, ['body.reviewer']],
      [{ approved: true, reviewer: 'ana', comment: 'x'.repeat(2001) }, ['body.comment']],
      // The workflow alone would take this one (a boolean and a reviewer): only the API's schema refuses it.
      [{ approved: true, reviewer: 'ana', approve: true }, ['body'], 'approve'],
      [{}, ['body.approved', 'body.reviewer']],
    ];

    for (const [payload, fields, mention] of cases) {
      const answer = await signal(taskId, 'decision', payload);
      const label = JSON.stringify(payload).slice(0, 80);
      expect(answer.status, label).toBe(422);
      expect(answer.body.error?.code, label).toBe('invalid_signal_payload');
      const issues = (answer.body.error?.details as FieldIssues).fields;
      expect(issues.map((issue) => issue.field).sort(), label).toEqual(fields);
      for (const field of fields) expect(answer.body.error?.message, label).toContain(`${field}:`);
      if (mention) expect(answer.body.error?.message, label).toContain(mention);
    }

    expect((await decision(taskId)).body.result).toMatchObject({ state: 'pending' });
    const view = await api.call<TaskAnswer>('GET', `/tasks/${taskId}`);
    expect(view.body).toMatchObject({ status: 'running', progress: { stage: 'awaiting_review' } });
    const signalled = (await client.workflow.getHandle(taskId).fetchHistory()).events?.filter((e) => e.workflowExecutionSignaledEventAttributes);
    expect(signalled).toEqual([]);
    await api.call('DELETE', `/tasks/${taskId}?mode=terminate`);
  });

  it('answers 404 signal_not_declared for an undeclared signal and for the internal conveyor.progress signal', async () => {
    const taskId = await waitingTask('Rotate the signing key');

    for (const name of ['approve', 'progress', 'conveyor.progress']) {
      const answer = await signal(taskId, name, { approved: true, reviewer: 'ana', percent: 100, stage: 'hacked' });
      expect(answer.status, name).toBe(404);
      expect(answer.body.error?.code, name).toBe('signal_not_declared');
    }
    expect((await api.call<TaskAnswer>('GET', `/tasks/${taskId}`)).body.progress?.stage).toBe('awaiting_review');
    expect((await decision(taskId)).body.result.state).toBe('pending');
    await api.call('DELETE', `/tasks/${taskId}?mode=terminate`);
  });

  it('an approval answers 202; the result and the decision query name the reviewer and comment; a later signal is 409 task_finished', async () => {
    const taskId = await waitingTask('Deploy 2.0 to production');

    const sent = await signal(taskId, 'decision', { approved: true, reviewer: 'ana', comment: 'Checked the canary' });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ task_id: taskId, signal: 'decision' });

    const done = await result(taskId);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      task_id: taskId,
      status: 'completed',
      result: { approved: true, decided_by: 'reviewer', reviewer: 'ana', comment: 'Checked the canary' },
    });
    expect(await progress(taskId)).toMatchObject({ percent: 100, stage: 'approved' });
    expect((await decision(taskId)).body.result).toEqual({
      state: 'approved',
      subject: 'Deploy 2.0 to production',
      deadline: expect.any(String),
      decided_by: 'reviewer',
      reviewer: 'ana',
      comment: 'Checked the canary',
    });

    const late = await signal(taskId, 'decision', { approved: false, reviewer: 'bob' });
    expect(late.status).toBe(409);
    expect(late.body.error?.code).toBe('task_finished');
  });

  it('a rejection completes the task with approved: false', async () => {
    const taskId = await waitingTask('Delete the staging database');

    expect((await signal(taskId, 'decision', { approved: false, reviewer: 'bob' })).status).toBe(202);

    const done = await result(taskId);
    expect(done.status).toBe(200);
    expect(done.body.result).toEqual({ approved: false, decided_by: 'reviewer', reviewer: 'bob' });
    expect(await progress(taskId)).toMatchObject({ percent: 100, stage: 'rejected' });
  });

  it('the first decision wins: a second one, sent before a worker picked the task up, changes nothing', async () => {
    const queue = uniqueQueue('approval');
    const taskId = await submit({ subject: 'Grant admin rights to carol' }, queue);
    // Nobody serves the queue yet: both signals wait in the task's history, in the order they were sent.
    expect((await signal(taskId, 'decision', { approved: false, reviewer: 'ana', comment: 'first' })).status).toBe(202);
    expect((await signal(taskId, 'decision', { approved: true, reviewer: 'bob', comment: 'second' })).status).toBe(202);

    const worker = await startWorkerProcess([queue]);
    try {
      const done = await result(taskId);
      expect(done.status).toBe(200);
      expect(done.body.result).toEqual({ approved: false, decided_by: 'reviewer', reviewer: 'ana', comment: 'first' });
      const signalled = (await client.workflow.getHandle(taskId).fetchHistory()).events?.filter((e) => e.workflowExecutionSignaledEventAttributes);
      expect(signalled).toHaveLength(2);
    } finally {
      worker.kill('SIGTERM');
      await worker.exited();
    }
  });

  it('without a decision by the deadline, on_timeout decides', async () => {
    const [approves, rejects] = await Promise.all([
      submit({ subject: 'Renew the certificate', timeout: 1, on_timeout: 'approve' }),
      submit({ subject: 'Renew the certificate', timeout: 1 }),
    ]);

    const approved = await result(approves);
    expect(approved.status).toBe(200);
    expect(approved.body.result).toEqual({ approved: true, decided_by: 'timeout' });
    expect((await decision(approves)).body.result).toMatchObject({ state: 'approved', decided_by: 'timeout' });
    expect((await result(rejects)).body.result).toEqual({ approved: false, decided_by: 'timeout' });
    expect(await progress(rejects)).toMatchObject({ percent: 100, stage: 'rejected' });
  });

  it('is listed by GET /tasks/types with its parameter schema, its decision signal payload schema and its queries', async () => {
    interface TypeRow {
      name: string;
      queue: string;
      parameters: { properties: Record<string, unknown>; required?: string[] };
      signals: Record<string, { properties: Record<string, unknown>; required?: string[]; additionalProperties?: boolean }>;
      queries: string[];
    }
    const types = await api.call<{ types: TypeRow[] }>('GET', '/tasks/types');
    const approval = types.body.types.find((type) => type.name === 'example_approval');
    expect(approval).toMatchObject({ queue: 'computor-tasks', parameters: { required: ['subject'] } });
    expect(Object.keys(approval?.parameters.properties ?? {})).toEqual(['subject', 'timeout', 'on_timeout']);
    expect(Object.keys(approval?.signals ?? {})).toEqual(['decision']);
    expect(approval?.signals.decision).toMatchObject({ required: ['approved', 'reviewer'], additionalProperties: false });
    expect(Object.keys(approval?.signals.decision?.properties ?? {})).toEqual(['approved', 'reviewer', 'comment']);
    expect(approval?.queries).toEqual(['progress', 'decision']);
    // A task that declares none still answers progress.
    expect(types.body.types.find((type) => type.name === 'noop')).toMatchObject({ signals: {}, queries: ['progress'] });
  });
});
