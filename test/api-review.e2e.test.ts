import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalResult } from '../examples/approval/schema';
import { startApi, until, type ApiBody, type RunningApi, type SubmitAnswer, type TaskAnswer } from './api-harness';
import { connectShared, uniqueQueue } from './helpers/temporal';

/**
 * POST /tasks/{id}/review is generic: it works for any task type that declares the `decision`
 * signal, here example_approval (on the run's worker), whose decision takes no edited summary.
 */
describe('Task API: POST /tasks/{id}/review on example_approval', () => {
  let client: Client;
  let api: RunningApi;

  beforeAll(async () => {
    client = await connectShared();
    api = await startApi(client);
  });
  afterAll(async () => {
    await api?.close();
    await client?.connection.close();
  });

  const waitingApproval = async (): Promise<string> => {
    const submitted = await api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body: { task_name: 'example_approval', parameters: { subject: 'Ship 2.0', timeout: 600 } } });
    expect(submitted.status).toBe(201);
    const taskId = submitted.body.task_id;
    await until(
      () => api.call<TaskAnswer>('GET', `/tasks/${taskId}`),
      (answer) => answer.body.progress?.stage === 'awaiting_review',
    );
    return taskId;
  };

  it('rejects through the review route; the reviewer is the caller (anonymous with auth off) unless named', async () => {
    const taskId = await waitingApproval();
    const accepted = await api.call('POST', `/tasks/${taskId}/review`, { body: { decision: 'reject', comment: 'not yet' } });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ task_id: taskId, decision: 'reject', reviewer: 'anonymous', signal: 'decision' });

    const done = await api.call<{ result?: ApprovalResult } & ApiBody>('GET', `/tasks/${taskId}/result?wait=20s`);
    expect(done.body.result).toEqual({ approved: false, decided_by: 'reviewer', reviewer: 'anonymous', comment: 'not yet' });
  });

  it("an edited summary is refused with 422 naming body.summary: example_approval's decision takes none, and the task keeps waiting", async () => {
    const taskId = await waitingApproval();
    const refused = await api.call('POST', `/tasks/${taskId}/review`, { body: { decision: 'approve', summary: 'new text' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'invalid_review', message: 'body.summary: task type example_approval takes no summary in a review' });

    const approved = await api.call('POST', `/tasks/${taskId}/review`, { body: { decision: 'approve', reviewer: 'ana' } });
    expect(approved.status).toBe(202);
    const done = await api.call<{ result?: ApprovalResult } & ApiBody>('GET', `/tasks/${taskId}/result?wait=20s`);
    expect(done.body.result).toMatchObject({ approved: true, reviewer: 'ana' });
  });

  it('a task no worker has taken yet is 409 not_awaiting_review at once, not a query left waiting for a worker (503)', async () => {
    // Its own queue, which no worker serves: the task stays queued.
    const submitted = await api.call<SubmitAnswer & ApiBody>('POST', '/tasks', {
      body: { task_name: 'example_approval', parameters: { subject: 'Unserved', timeout: 600 }, queue: uniqueQueue('review') },
    });
    expect(submitted.status).toBe(201);
    const refused = await api.call('POST', `/tasks/${submitted.body.task_id}/review`, { body: { decision: 'approve' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'not_awaiting_review', message: expect.stringContaining('no worker has taken it yet') });
    await client.workflow.getHandle(submitted.body.task_id).terminate('test done');
  });

  it('is documented in the OpenAPI document with its body and answers', async () => {
    const document = await api.call<{ paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>> }>('GET', '/openapi.json');
    const operation = document.body.paths['/tasks/{id}/review']?.post;
    expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(['202', '400', '401', '403', '404', '409', '413', '415', '422', '503']);
    expect(JSON.stringify(operation?.requestBody)).toContain('"enum":["approve","reject"]');
  });
});
