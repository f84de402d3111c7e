import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebPageReviewResult } from '../../examples/web-page-review/schema';
import { readSse } from '../../src/client/sse';
import { decisionUpdate } from '../../src/contract/decision';
import { startApi, until, useApi, type ApiBody, type TaskAnswer } from '../helpers/api-harness';
import { startArticleSite, type ArticleSite } from '../helpers/article-site';
import { runCliLine } from '../helpers/cli';
import { apiError, startOpenAiStandIn, STAND_IN_ANSWERS, type OpenAiStandIn } from '../helpers/openai-stand-in';
import { startWorkerProcess, uniqueQueue } from '../helpers/temporal';

const SECRET = { admin: 'admin-secret-1', alice: 'alice-secret-1', bob: 'bob-secret-1', viewer: 'viewer-secret-1' };
const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });
const AS = { admin: bearer(SECRET.admin), alice: bearer(SECRET.alice), bob: bearer(SECRET.bob), viewer: bearer(SECRET.viewer) };
const LLM_KEY = 'sk-e2e-do-not-print-0123456789';

interface ResultAnswer {
  status: string;
  result?: WebPageReviewResult;
  failure?: { type: string; message: string };
}

/**
 * web_page_review end to end: the Task API, a real worker process whose LLM is the stand-in
 * OpenAI-compatible server (through the official client) and whose pages come from a loopback
 * site listed in CONVEYOR_FETCH_ALLOW_HOSTS; reviews through POST /tasks/{id}/review and
 * `conveyor review`. alice submits; root (an admin) reviews, since a submitter may not decide its
 * own task unless CONVEYOR_REVIEW_ALLOW_SELF allows it.
 */
describe('web_page_review through the Task API', () => {
  const harness = useApi({
    CONVEYOR_AUTH: 'keys',
    CONVEYOR_API_KEYS: `root:admin:${SECRET.admin},alice:submitter:${SECRET.alice},bob:submitter:${SECRET.bob},vera:viewer:${SECRET.viewer}`,
  });
  let site: ArticleSite;
  let llm: OpenAiStandIn;
  let worker: Awaited<ReturnType<typeof startWorkerProcess>>;
  const queue = uniqueQueue('page-review');

  beforeAll(async () => {
    [site, llm] = await Promise.all([startArticleSite(), startOpenAiStandIn()]);
    worker = await startWorkerProcess([queue], {
      CONVEYOR_FETCH_ALLOW_HOSTS: site.host,
      CONVEYOR_LLM_BASE_URL: llm.baseURL,
      CONVEYOR_LLM_MODEL: 'stand-in-model',
      CONVEYOR_LLM_API_KEY: LLM_KEY,
      CONVEYOR_LOG_LEVEL: 'info',
    });
  });
  afterAll(async () => {
    worker?.kill('SIGTERM');
    await worker?.exited();
    await Promise.all([site?.close(), llm?.close()]);
  });

  const submit = async (parameters: Record<string, unknown>, as = AS.alice): Promise<string> => {
    const answer = await harness.api.call<ApiBody & { task_id: string }>('POST', '/tasks', { body: { task_name: 'web_page_review', parameters, queue }, headers: as });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.task_id;
  };
  const review = (taskId: string, body: unknown, as = AS.admin) => harness.api.call('POST', `/tasks/${taskId}/review`, { body, headers: as });
  const result = (taskId: string) => harness.api.call<ResultAnswer & ApiBody>('GET', `/tasks/${taskId}/result?wait=20s`, { headers: AS.admin });
  const untilAwaitingReview = (taskId: string) =>
    until(
      () => harness.api.call<TaskAnswer>('GET', `/tasks/${taskId}`, { headers: AS.admin }),
      (answer) => answer.body.progress?.stage === 'awaiting_review',
      { tries: 300, intervalMs: 200 },
    );
  const awaitingTask = async (): Promise<string> => {
    const taskId = await submit({ url: site.url('/article') });
    await untilAwaitingReview(taskId);
    return taskId;
  };

  it('shows stage awaiting_review and the draft in GET /tasks/{id} and its event stream; a reviewer approves with a comment', async () => {
    const taskId = await submit({ url: site.url('/article'), max_entities: 2 });
    const waiting = await untilAwaitingReview(taskId);
    const draft = {
      url: site.url('/article'),
      title: 'Ada Lovelace and the first program',
      summary: STAND_IN_ANSWERS.summary,
      entities: STAND_IN_ANSWERS.entities.entities.slice(0, 2),
      classification: STAND_IN_ANSWERS.classification,
      provider: 'openai-compatible',
      model: 'stand-in-model',
    };
    expect(waiting.body).toMatchObject({ status: 'running', task_name: 'web_page_review', progress: { stage: 'awaiting_review', draft } });

    const events = await fetch(`${harness.api.base}/tasks/${taskId}/events`, { headers: AS.alice });
    for await (const event of readSse(events.body!)) {
      expect(event.event).toBe('status');
      expect(JSON.parse(event.data)).toMatchObject({ task_id: taskId, status: 'running', progress: { stage: 'awaiting_review', draft } });
      break;
    }

    const accepted = await review(taskId, { decision: 'approve', comment: 'accurate' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toEqual({ task_id: taskId, decision: 'approve', reviewer: 'root', update: 'decision' }); // the caller's name

    const done = await result(taskId);
    expect(done.body.status).toBe('completed');
    expect(done.body.result).toMatchObject({
      title: 'Ada Lovelace and the first program',
      summary: { text: STAND_IN_ANSWERS.summary, provider: 'openai-compatible', model: 'stand-in-model' },
      entities: { items: draft.entities, provider: 'openai-compatible' },
      classification: { category: 'technology', provider: 'openai-compatible' },
      review: { approved: true, decided_by: 'reviewer', reviewer: 'root', comment: 'accurate' },
    });
    // The page's navigation, footer and script never reached the model.
    const sent = llm.requests.map((request) => JSON.stringify(request.body.messages)).join('\n');
    expect(sent).toContain('Bernoulli numbers');
    expect(sent).not.toMatch(/window\.tracking|Copyright The Example News Company/);
  });

  it('`conveyor review <id> --reject --comment text` rejects, verbatim through the Task API', async () => {
    const taskId = await awaitingTask();
    const cli = await runCliLine(`conveyor review ${taskId} --reject --comment "off topic"`, { CONVEYOR_API_URL: harness.api.base, CONVEYOR_API_KEY: SECRET.admin });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(`rejected ${taskId} as root`);

    const done = await result(taskId);
    expect(done.body.result?.review).toEqual({ approved: false, decided_by: 'reviewer', reviewer: 'root', comment: 'off topic' });
  });

  it('approves with an edited summary, which replaces the draft in the result; the body\'s reviewer is kept as on_behalf_of, never as the decider', async () => {
    const taskId = await awaitingTask();
    const edited = 'Ada Lovelace published the first algorithm meant for a machine, in 1843.';
    const accepted = await review(taskId, { decision: 'approve', reviewer: 'the editor', summary: edited });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toEqual({ task_id: taskId, decision: 'approve', reviewer: 'root', on_behalf_of: 'the editor', update: 'decision' });

    const done = await result(taskId);
    expect(done.body.result?.summary).toEqual({ text: edited, provider: 'openai-compatible', model: 'stand-in-model', edited_by: 'root' });
    expect(done.body.result?.review).toEqual({ approved: true, decided_by: 'reviewer', reviewer: 'root', on_behalf_of: 'the editor', summary: edited });
  });

  it('a submitter deciding its own task is 403 self_review by default, and the task keeps waiting', async () => {
    const taskId = await awaitingTask();
    const refused = await review(taskId, { decision: 'approve' }, AS.alice);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'self_review', message: expect.stringContaining('submitted by you (alice)') });
    const waiting = await harness.api.call<{ result: { state: string } } & ApiBody>('GET', `/tasks/${taskId}/queries/decision`, { headers: AS.admin });
    expect(waiting.body.result.state).toBe('pending');
    await harness.client.workflow.getHandle(taskId).terminate('test done');
  });

  it('with CONVEYOR_REVIEW_ALLOW_SELF=true a submitter may decide its own task', async () => {
    const selfReviewing = await startApi(harness.client, {
      CONVEYOR_AUTH: 'keys',
      CONVEYOR_API_KEYS: `root:admin:${SECRET.admin},alice:submitter:${SECRET.alice}`,
      CONVEYOR_REVIEW_ALLOW_SELF: 'true',
    });
    try {
      const taskId = await awaitingTask();
      const accepted = await selfReviewing.call('POST', `/tasks/${taskId}/review`, { body: { decision: 'reject' }, headers: AS.alice });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
      expect((await result(taskId)).body.result?.review).toEqual({ approved: false, decided_by: 'reviewer', reviewer: 'alice' });
    } finally {
      await selfReviewing.close();
    }
  });

  it('with no decision by review_timeout, approves the draft automatically (on_review_timeout defaults to approve) and records it', async () => {
    const taskId = await submit({ url: site.url('/article'), review_timeout: 2 });
    const done = await result(taskId);
    expect(done.body.status).toBe('completed');
    expect(done.body.result?.review).toEqual({ approved: true, decided_by: 'timeout' });
    expect(done.body.result?.summary.text).toBe(STAND_IN_ANSWERS.summary);
  });

  it('shows the timeout policy and the deadline while waiting', async () => {
    // A wait far longer than the test, so the check never races the deadline on a busy machine.
    const taskId = await submit({ url: site.url('/article'), review_timeout: 600, on_review_timeout: 'reject' });
    const waiting = await untilAwaitingReview(taskId);
    expect(waiting.body.progress).toMatchObject({ stage: 'awaiting_review', on_timeout: 'reject', deadline: expect.any(String) });
    const state = await harness.api.call<{ result: { state: string; on_timeout: string } } & ApiBody>('GET', `/tasks/${taskId}/queries/decision`, { headers: AS.admin });
    expect(state.body.result).toMatchObject({ state: 'pending', on_timeout: 'reject' });
    await harness.client.workflow.getHandle(taskId).terminate('test done');
  });

  it('on_review_timeout reject rejects the draft at the deadline, decided_by timeout', async () => {
    const taskId = await submit({ url: site.url('/article'), review_timeout: 2, on_review_timeout: 'reject' });
    const done = await result(taskId);
    expect(done.body.status).toBe('completed');
    expect(done.body.result?.review).toEqual({ approved: false, decided_by: 'timeout' });
  });

  it('on_review_timeout fail fails the task with ReviewTimedOut, saying nobody reviewed it', async () => {
    const taskId = await submit({ url: site.url('/article'), review_timeout: 2, on_review_timeout: 'fail' });
    const done = await result(taskId);
    expect(done.body.status).toBe('failed');
    expect(done.body.failure).toMatchObject({ type: 'ReviewTimedOut', message: expect.stringContaining('nobody reviewed review of Ada Lovelace and the first program by its deadline') });
    const state = await harness.api.call<{ result: { state: string; on_timeout: string } } & ApiBody>('GET', `/tasks/${taskId}/queries/decision`, { headers: AS.admin });
    expect(state.body.result).toMatchObject({ state: 'timed_out', on_timeout: 'fail' });
  });

  it('refuses bad reviews with a 4xx naming the problem, and the task keeps waiting', async () => {
    const taskId = await awaitingTask();
    const cases: [unknown, Record<string, string>, number, string, RegExp][] = [
      [{ decision: 'maybe' }, AS.alice, 400, 'invalid_request', /body\.decision/],
      [{ decision: 'approve', reviewer: '' }, AS.alice, 400, 'invalid_request', /body\.reviewer/],
      [{ decision: 'approve', extra: 1 }, AS.alice, 400, 'invalid_request', /extra/],
      [{ decision: 'reject', summary: 'new text' }, AS.admin, 422, 'invalid_review', /body\.summary: an edited summary goes with an approval/],
      [{ decision: 'approve' }, AS.alice, 403, 'self_review', /submitted by you/],
      [{ decision: 'approve' }, AS.viewer, 403, 'forbidden', /viewer/],
      [{ decision: 'approve' }, AS.bob, 404, 'task_not_found', /no task/],
    ];
    for (const [body, as, status, code, message] of cases) {
      const answer = await review(taskId, body, as);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body.error?.code).toBe(code);
      expect(answer.body.error?.message).toMatch(message);
    }
    expect((await untilAwaitingReview(taskId)).body.status).toBe('running');
    await review(taskId, { decision: 'approve' });
    await result(taskId);

    const again = await review(taskId, { decision: 'reject' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'task_finished' });
  });

  it('a task that has not reached its review step yet is 409 not_awaiting_review, and goes on to it', async () => {
    const taskId = await submit({ url: site.url('/slow') });
    await until(
      () => harness.api.call<TaskAnswer>('GET', `/tasks/${taskId}`, { headers: AS.admin }),
      (answer) => answer.body.status === 'running',
    );
    const early = await review(taskId, { decision: 'approve' });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'not_awaiting_review', message: `task "${taskId}" is not awaiting review: it has not reached its review step yet` });
    // Straight to Temporal, past the API's check: the SDK refuses an update no handler takes yet (at the end of that activation).
    const blind = harness.client.workflow.getHandle(taskId).executeUpdate(decisionUpdate, { args: [{ approved: true, reviewer: 'mallory' }] });
    await expect(blind).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(blind).rejects.toMatchObject({ cause: { message: 'No registered handler for update: decision' } });

    await untilAwaitingReview(taskId);
    expect((await review(taskId, { decision: 'approve' })).status).toBe(200);
    expect((await result(taskId)).body.result?.review).toMatchObject({ approved: true, reviewer: 'root' });
  });

  it('`conveyor review` exits 2 on bad input: neither or both of --approve and --reject, --summary with --reject', async () => {
    const env = { CONVEYOR_API_URL: harness.api.base, CONVEYOR_API_KEY: SECRET.alice };
    for (const line of ['conveyor review some-id', 'conveyor review some-id --approve --reject', 'conveyor review some-id --reject --summary text']) {
      const cli = await runCliLine(line, env);
      expect(cli.code, line).toBe(2);
      expect(cli.stderr, line).toMatch(/--approve|--summary/);
    }
    const unknown = await runCliLine('conveyor review no-such-task-id --approve', env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('task_not_found');
  });

  it('429 with Retry-After and a 500 are retried by Temporal (the 429 after what the server asked), and the review goes on', async () => {
    llm.requests.length = 0;
    llm.reply(apiError(429, 'Rate limit reached', 'requests', { 'retry-after': '3' }), apiError(500, 'The server had an error', 'server_error'));
    const taskId = await awaitingTask();

    const kind = (index: number) => llm.requests[index]?.body.response_format?.json_schema?.name ?? 'summary';
    const retryOf = (index: number) => llm.requests.find((request, at) => at > index && (request.body.response_format?.json_schema?.name ?? 'summary') === kind(index));
    const limited = llm.requests[0]!;
    expect(retryOf(0)!.at - limited.at).toBeGreaterThanOrEqual(3000); // Retry-After: 3, not the policy's 2 s
    expect(retryOf(1)).toBeDefined();
    expect(llm.requests).toHaveLength(5); // three calls, two of them twice
    await review(taskId, { decision: 'approve' });
    expect((await result(taskId)).body.status).toBe('completed');
  });

  it('an LLM that refuses the key fails the task with LlmAuthFailed and its message, at once, and the key never reaches the logs', async () => {
    llm.reply(apiError(401, `Incorrect API key provided: ${LLM_KEY}`, 'invalid_request_error'));
    const taskId = await submit({ url: site.url('/article') });

    const done = await result(taskId);
    expect(done.body.status).toBe('failed');
    expect(done.body.failure).toMatchObject({ type: 'LlmAuthFailed', message: expect.stringContaining('401 Incorrect API key provided: [redacted]') });
    expect(done.body.result).toBeUndefined();
    expect(JSON.stringify(done.body)).not.toContain(LLM_KEY);
    expect(worker.output()).not.toContain(LLM_KEY);
  });

  it('a page with no readable text fails the task before any LLM call', async () => {
    llm.requests.length = 0;
    const taskId = await submit({ url: site.url('/blank') });

    const done = await result(taskId);
    expect(done.body.status).toBe('failed');
    expect(done.body.failure?.type).toBe('NoReadableText');
    expect(llm.requests).toHaveLength(0);
  });

  it('POST /tasks/{id}/review on a task type without a review step is 409 no_review_step', async () => {
    const noop = await harness.api.call<ApiBody & { task_id: string }>('POST', '/tasks', { body: { task_name: 'noop', parameters: {} }, headers: AS.alice });
    const answer = await review(noop.body.task_id, { decision: 'approve' });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'no_review_step', message: expect.stringContaining('declares no review') });
  });
});
