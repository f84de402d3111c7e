import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { ApprovalResult } from '../../examples/approval/schema';
import { decisionUpdate } from '../../src/contract/decision';
import { until, useApi, type ApiBody, type SubmitAnswer, type TaskAnswer } from '../helpers/api-harness';
import { startWorkerProcess, uniqueQueue } from '../helpers/temporal';

/**
 * POST /tasks/{id}/review is generic: it works for any task type that declares a `review`, here
 * example_approval (on the run's worker), whose decision takes no edited summary. The decision is
 * the `decision` Workflow Update: the workflow accepts the first and refuses any later one.
 */
describe('Task API: POST /tasks/{id}/review on example_approval', () => {
  const harness = useApi();

  const waitingApproval = async (): Promise<string> => {
    const submitted = await harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body: { task_name: 'example_approval', parameters: { subject: 'Ship 2.0', timeout: 600 } } });
    expect(submitted.status).toBe(201);
    const taskId = submitted.body.task_id;
    await until(
      () => harness.api.call<TaskAnswer>('GET', `/tasks/${taskId}`),
      (answer) => answer.body.progress?.stage === 'awaiting_review',
    );
    return taskId;
  };

  it('rejects through the review route; the reviewer is the caller (anonymous with auth off)', async () => {
    const taskId = await waitingApproval();
    const accepted = await harness.api.call('POST', `/tasks/${taskId}/review`, { body: { decision: 'reject', comment: 'not yet' } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ task_id: taskId, decision: 'reject', reviewer: 'anonymous', update: 'decision' });

    const done = await harness.api.call<{ result?: ApprovalResult } & ApiBody>('GET', `/tasks/${taskId}/result?wait=20s`);
    expect(done.body.result).toEqual({ approved: false, decided_by: 'reviewer', reviewer: 'anonymous', comment: 'not yet' });
  });

  it("an edited summary is refused with 422 naming body.summary: example_approval's decision takes none, and the task keeps waiting", async () => {
    const taskId = await waitingApproval();
    const refused = await harness.api.call('POST', `/tasks/${taskId}/review`, { body: { decision: 'approve', summary: 'new text' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'invalid_review', message: 'body.summary: task type example_approval takes no summary in a review' });

    const approved = await harness.api.call('POST', `/tasks/${taskId}/review`, { body: { decision: 'approve', reviewer: 'ana' } });
    expect(approved.status).toBe(200);
    const done = await harness.api.call<{ result?: ApprovalResult } & ApiBody>('GET', `/tasks/${taskId}/result?wait=20s`);
    expect(done.body.result).toMatchObject({ approved: true, reviewer: 'anonymous', on_behalf_of: 'ana' });
  });

  it('two racing reviewers: exactly one is accepted, the other gets a 409 refusal (not a second acceptance)', async () => {
    const taskId = await waitingApproval();
    const answers = await Promise.all(
      (['approve', 'reject'] as const).map((decision) => harness.api.call('POST', `/tasks/${taskId}/review`, { body: { decision, reviewer: decision } })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const winner = answers.find((answer) => answer.status === 200)!.body as { decision: 'approve' | 'reject' };
    const loser = answers.find((answer) => answer.status === 409)!;
    const verdict = winner.decision === 'approve' ? 'approved' : 'rejected';
    // Where the loser's request finds the task says which refusal: already decided (by the API's check or the
    // workflow's own validator, both naming the decision), or already finished (example_approval ends once decided).
    const refusal = loser.body.error as { code: string; message: string };
    if (refusal.code === 'not_awaiting_review') expect(refusal.message).toContain(`already ${verdict} by anonymous`);
    else expect(refusal).toMatchObject({ code: 'task_finished', message: expect.stringContaining('no longer running') });
    const done = await harness.api.call<{ result?: ApprovalResult } & ApiBody>('GET', `/tasks/${taskId}/result?wait=20s`);
    expect(done.body.result).toMatchObject({ approved: winner.decision === 'approve', on_behalf_of: winner.decision });
  });

  it('the workflow itself refuses a second decision: two updates straight to Temporal, delivered together, one accepted and the other AlreadyDecided naming the first', async () => {
    // No worker serves this queue yet: both updates wait, and the first workflow task carries them together.
    const queue = uniqueQueue('review-race');
    const submitted = await harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body: { task_name: 'example_approval', parameters: { subject: 'Race', timeout: 600 }, queue } });
    const handle = harness.client.workflow.getHandle(submitted.body.task_id);
    const updates = ['ana', 'bob'].map((reviewer) => handle.executeUpdate(decisionUpdate, { args: [{ approved: reviewer === 'ana', reviewer }] }));
    const worker = await startWorkerProcess([queue]);
    try {
      const settled = await Promise.allSettled(updates);
      const accepted = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      const refused = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
      expect(accepted).toHaveLength(1);
      expect(refused).toHaveLength(1);
      const first = accepted[0]!;
      expect(refused[0]).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((refused[0] as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'AlreadyDecided', message: `already ${first.approved ? 'approved' : 'rejected'} by ${first.reviewer}` });
      expect((await handle.result()) as ApprovalResult).toMatchObject({ reviewer: first.reviewer });
    } finally {
      worker.kill('SIGTERM');
      await worker.exited();
    }
  });

  it('the workflow refuses a malformed decision sent straight to Temporal (InvalidDecision), and keeps waiting', async () => {
    const taskId = await waitingApproval();
    const handle = harness.client.workflow.getHandle(taskId);
    const malformed = handle.executeUpdate(decisionUpdate, { args: [{ approved: 'yes', reviewer: 'mallory' } as never] });
    await expect(malformed).rejects.toMatchObject({ cause: { type: 'InvalidDecision' } });
    expect((await harness.api.call<{ result: { state: string } } & ApiBody>('GET', `/tasks/${taskId}/queries/decision`)).body.result.state).toBe('pending');
    await handle.terminate('test done');
  });

  it('a task no worker has taken yet is 409 not_awaiting_review at once, not a query left waiting for a worker (503)', async () => {
    // Its own queue, which no worker serves: the task stays queued.
    const submitted = await harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', {
      body: { task_name: 'example_approval', parameters: { subject: 'Unserved', timeout: 600 }, queue: uniqueQueue('review') },
    });
    expect(submitted.status).toBe(201);
    const refused = await harness.api.call('POST', `/tasks/${submitted.body.task_id}/review`, { body: { decision: 'approve' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'not_awaiting_review', message: expect.stringContaining('no worker has taken it yet') });
    await harness.client.workflow.getHandle(submitted.body.task_id).terminate('test done');
  });

  it('is documented in the OpenAPI document with its body and answers', async () => {
    const document = await harness.api.call<{ paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>> }>('GET', '/openapi.json');
    const operation = document.body.paths['/tasks/{id}/review']?.post;
    expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '422', '429', '503']);
    expect(JSON.stringify(operation?.responses['200'])).toContain('"update"');
    expect(JSON.stringify(operation?.requestBody)).toContain('"enum":["approve","reject"]');
  });
});
