import { describe, expect, it } from 'vitest';
import type { ApprovalResult } from '../../examples/approval/schema';
import type { DecisionState } from '../../src/contract/decision';
import { until, useApi, type ApiBody, type SubmitAnswer, type TaskAnswer } from '../helpers/api-harness';

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

/**
 * A task type's declared queries, and what is left of signals for a review step, over real HTTP
 * against the run's worker: example_approval waits for a decision (the `decision` update, sent by
 * POST /tasks/{id}/review) and answers the `decision` query; a `decision` signal decides nothing.
 * Who may signal (viewers 403, other submitters 404) is not repeated here: the route checks role
 * and ownership before it looks at the task type, and test/api/auth.e2e.test.ts covers that.
 */
describe('Task API: queries a task type declares, and no decision by signal (example_approval)', () => {
  const harness = useApi();

  const submit = async (parameters: Record<string, unknown>, queue?: string): Promise<string> => {
    const answer = await harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body: { task_name: 'example_approval', parameters, ...(queue ? { queue } : {}) } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.task_id;
  };
  const signal = (taskId: string, name: string, body: unknown) => harness.api.call('POST', `/tasks/${taskId}/signals/${encodeURIComponent(name)}`, { body });
  const review = (taskId: string, body: unknown) => harness.api.call('POST', `/tasks/${taskId}/review`, { body });
  const decision = (taskId: string) => harness.api.call<QueryAnswer & ApiBody>('GET', `/tasks/${taskId}/queries/decision`);
  /** The progress query: a finished task's view says only `completed`, the workflow's last stage says how. */
  const progress = async (taskId: string) => (await harness.api.call<{ result: unknown } & ApiBody>('GET', `/tasks/${taskId}/queries/progress`)).body.result;
  const result = (taskId: string) => harness.api.call<ResultAnswer & ApiBody>('GET', `/tasks/${taskId}/result?wait=20s`);
  /** GET /tasks/{id} until the workflow runs and waits for a reviewer. */
  const untilAwaitingReview = (taskId: string) =>
    until(
      () => harness.api.call<TaskAnswer>('GET', `/tasks/${taskId}`),
      (answer) => answer.body.progress?.stage === 'awaiting_review',
    );
  const waitingTask = async (subject: string): Promise<string> => {
    const taskId = await submit({ subject });
    await untilAwaitingReview(taskId);
    return taskId;
  };

  it('a waiting task is running in stage awaiting_review, and the decision query answers pending with subject, deadline and timeout policy', async () => {
    const submittedAt = Date.now();
    const taskId = await submit({ subject: 'Publish the Q3 report', timeout: 600 });

    const waiting = await untilAwaitingReview(taskId);
    expect(waiting.body).toMatchObject({ status: 'running', task_name: 'example_approval', queue: 'computor-tasks', progress: { stage: 'awaiting_review' } });

    const pending = await decision(taskId);
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual({ task_id: taskId, query: 'decision', result: { state: 'pending', subject: 'Publish the Q3 report', deadline: expect.any(String), on_timeout: 'reject' } });
    const deadline = Date.parse(pending.body.result.deadline);
    expect(deadline).toBeGreaterThanOrEqual(submittedAt + 600_000 - 5000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 600_000 + 5000);
    await harness.api.call('DELETE', `/tasks/${taskId}?mode=terminate`);
  });

  it('a decision sent as a signal to a task awaiting review is refused (404 signal_not_declared), reaches no workflow, and the task stays pending', async () => {
    const taskId = await waitingTask('Merge pull request 42');

    const refused = await signal(taskId, 'decision', { approved: true, reviewer: 'ana' });
    expect(refused.status).toBe(404);
    expect(refused.body.error).toMatchObject({ code: 'signal_not_declared', message: expect.stringContaining('POST /tasks/{id}/review') });

    expect((await decision(taskId)).body.result).toMatchObject({ state: 'pending' });
    expect((await harness.api.call<TaskAnswer>('GET', `/tasks/${taskId}`)).body).toMatchObject({ status: 'running', progress: { stage: 'awaiting_review' } });
    const signalled = (await harness.client.workflow.getHandle(taskId).fetchHistory()).events?.filter((e) => e.workflowExecutionSignaledEventAttributes);
    expect(signalled).toEqual([]);
    await harness.api.call('DELETE', `/tasks/${taskId}?mode=terminate`);
  });

  it('a decision signal sent straight to Temporal decides nothing: the task keeps waiting for a review', async () => {
    const taskId = await waitingTask('Rotate the backup key');
    await harness.client.workflow.getHandle(taskId).signal('decision', { approved: true, reviewer: 'mallory' });
    await until(
      async () => (await harness.client.workflow.getHandle(taskId).fetchHistory()).events ?? [],
      // The signal is in the history and a worker has run a workflow task since.
      (events) => events.some((e) => e.workflowExecutionSignaledEventAttributes) && events.at(-1)?.workflowTaskCompletedEventAttributes !== undefined,
    );
    expect((await decision(taskId)).body.result).toMatchObject({ state: 'pending' });
    expect((await review(taskId, { decision: 'reject' })).status).toBe(200);
    expect((await result(taskId)).body.result).toEqual({ approved: false, decided_by: 'reviewer', reviewer: 'anonymous' });
  });

  it('answers 404 signal_not_declared for an undeclared signal and for the internal conveyor.progress signal', async () => {
    const taskId = await waitingTask('Rotate the signing key');

    for (const name of ['approve', 'progress', 'conveyor.progress']) {
      const answer = await signal(taskId, name, { approved: true, reviewer: 'ana', percent: 100, stage: 'hacked' });
      expect(answer.status, name).toBe(404);
      expect(answer.body.error?.code, name).toBe('signal_not_declared');
    }
    expect((await harness.api.call<TaskAnswer>('GET', `/tasks/${taskId}`)).body.progress?.stage).toBe('awaiting_review');
    expect((await decision(taskId)).body.result.state).toBe('pending');
    await harness.api.call('DELETE', `/tasks/${taskId}?mode=terminate`);
  });

  it('a review approves; the result and the decision query name the reviewer, whom for, and the comment; a later review is 409 task_finished', async () => {
    const taskId = await waitingTask('Deploy 2.0 to production');

    const sent = await review(taskId, { decision: 'approve', reviewer: 'ana', comment: 'Checked the canary' });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ task_id: taskId, decision: 'approve', reviewer: 'anonymous', on_behalf_of: 'ana', update: 'decision' });

    const done = await result(taskId);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      task_id: taskId,
      status: 'completed',
      result: { approved: true, decided_by: 'reviewer', reviewer: 'anonymous', on_behalf_of: 'ana', comment: 'Checked the canary' },
    });
    expect(await progress(taskId)).toMatchObject({ percent: 100, stage: 'approved' });
    expect((await decision(taskId)).body.result).toEqual({
      state: 'approved',
      subject: 'Deploy 2.0 to production',
      deadline: expect.any(String),
      on_timeout: 'reject',
      decided_by: 'reviewer',
      reviewer: 'anonymous',
      on_behalf_of: 'ana',
      comment: 'Checked the canary',
    });

    const late = await review(taskId, { decision: 'reject' });
    expect(late.status).toBe(409);
    expect(late.body.error?.code).toBe('task_finished');
  });

  it('a rejection completes the task with approved: false', async () => {
    const taskId = await waitingTask('Delete the staging database');

    expect((await review(taskId, { decision: 'reject' })).status).toBe(200);

    const done = await result(taskId);
    expect(done.status).toBe(200);
    expect(done.body.result).toEqual({ approved: false, decided_by: 'reviewer', reviewer: 'anonymous' });
    expect(await progress(taskId)).toMatchObject({ percent: 100, stage: 'rejected' });
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

  it('is listed by GET /tasks/types with its parameter schema, its review schema, no signals, and its queries', async () => {
    interface TypeRow {
      name: string;
      queue: string;
      parameters: { properties: Record<string, unknown>; required?: string[] };
      signals: Record<string, unknown>;
      review: { properties: Record<string, unknown>; required?: string[]; additionalProperties?: boolean } | null;
      queries: string[];
    }
    const types = await harness.api.call<{ types: TypeRow[] }>('GET', '/tasks/types');
    const approval = types.body.types.find((type) => type.name === 'example_approval');
    expect(approval).toMatchObject({ queue: 'computor-tasks', parameters: { required: ['subject'] } });
    expect(Object.keys(approval?.parameters.properties ?? {})).toEqual(['subject', 'timeout', 'on_timeout']);
    expect(approval?.signals).toEqual({});
    expect(approval?.review).toMatchObject({ required: ['approved', 'reviewer'], additionalProperties: false });
    expect(Object.keys(approval?.review?.properties ?? {})).toEqual(['approved', 'reviewer', 'on_behalf_of', 'comment']);
    expect(approval?.queries).toEqual(['progress', 'decision']);
    // A task that declares none still answers progress.
    expect(types.body.types.find((type) => type.name === 'noop')).toMatchObject({ signals: {}, review: null, queries: ['progress'] });
  });
});
