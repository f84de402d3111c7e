import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebPageReviewResult } from '../../examples/web-page-review/schema';
import { submitTask, until, untilStatus, useApi, type ApiBody, type SubmitAnswer, type TaskAnswer } from '../helpers/api-harness';
import { startArticleSite, type ArticleSite } from '../helpers/article-site';
import { launchChromium, openPage, screenshot } from '../helpers/browser';
import { startWorkerProcess, uniqueQueue } from '../helpers/temporal';

/** Waits of the browser for what the live stack does (a worker taking a task, a stream's next event): generous, never asserted as speed. */
const LIVE_MS = 90_000;

/**
 * The task page's actions, clicked in real headless Chromium against the real API (auth off: the
 * caller is the local admin `anonymous`), the run's dev server and workers: Run again, Terminate,
 * a review's Reject and Approve with an edited summary, and a failed task's failure with its causes.
 * Each outcome is read off the page and from the API or Temporal.
 */
describe('dashboard actions in a browser', { timeout: 240_000 }, () => {
  const harness = useApi();
  let browser: Browser;
  let site: ArticleSite;
  let reviewWorker: Awaited<ReturnType<typeof startWorkerProcess>>;
  /** web_page_review runs here, on a worker that may fetch the loopback article site and uses the offline LLM provider. */
  const reviewQueue = uniqueQueue('dashboard-review');
  const started: string[] = [];

  const submit = async (taskName: string, parameters: Record<string, unknown>, queue?: string): Promise<string> => {
    const taskId = await submitTask(harness.api, taskName, parameters, queue);
    started.push(taskId);
    return taskId;
  };
  const openTask = async (taskId: string) => {
    const opened = await openPage(browser);
    await opened.page.goto(`${harness.api.base}/admin/tasks/${encodeURIComponent(taskId)}`);
    return opened;
  };
  const statusChip = (page: Page, taskName: string, status: string) => page.getByRole('heading', { name: new RegExp(taskName) }).locator('.chip', { hasText: status });
  /** A web_page_review of the article, once it waits for its reviewer; with the draft summary it offers. */
  const reviewAwaitingDecision = async (): Promise<{ taskId: string; draftSummary: string }> => {
    const taskId = await submit('web_page_review', { url: site.url('/article') }, reviewQueue);
    const waiting = await until(
      () => harness.api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(taskId)}`),
      (answer) => answer.body.progress?.stage === 'awaiting_review',
      { tries: 300, intervalMs: 200 },
    );
    const draft = waiting.body.progress?.draft as { summary?: unknown } | undefined;
    expect(typeof draft?.summary).toBe('string');
    return { taskId, draftSummary: draft?.summary as string };
  };
  const resultOf = async <T>(taskId: string): Promise<T> => {
    const answer = await harness.api.call<ApiBody & { status: string; result?: T }>('GET', `/tasks/${encodeURIComponent(taskId)}/result`);
    expect(answer.body.status).toBe('completed');
    return answer.body.result as T;
  };

  beforeAll(async () => {
    site = await startArticleSite();
    reviewWorker = await startWorkerProcess([reviewQueue], {
      CONVEYOR_FETCH_ALLOW_HOSTS: site.host,
      CONVEYOR_FETCH_ONLY_ALLOWED_HOSTS: 'true',
      CONVEYOR_LLM_PROVIDER: 'offline',
    });
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    // Tasks left running or waiting for a review end here, not at their timeouts.
    await Promise.allSettled(started.map((id) => harness.client.workflow.getHandle(id).terminate('test over')));
    await browser?.close();
    reviewWorker?.kill('SIGTERM');
    await reviewWorker?.exited();
    await site?.close();
  });

  it('runs a finished task again with the same parameters and queue, and goes to the new task', async () => {
    const parameters = { duration: 1, message: 'once more' };
    const firstId = await submit('example_long_running', parameters);
    const { page, consoleErrors } = await openTask(firstId);
    await statusChip(page, 'example_long_running', 'completed').waitFor({ timeout: LIVE_MS });
    const first = (await harness.api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(firstId)}`)).body;

    const submitted = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/tasks');
    await page.getByRole('button', { name: 'Run again' }).click();
    const answer = await submitted;
    expect(answer.status()).toBe(201);
    const againId = ((await answer.json()) as SubmitAnswer).task_id;
    started.push(againId);
    expect(againId).not.toBe(firstId);
    await page.waitForURL(`${harness.api.base}/admin/tasks/${encodeURIComponent(againId)}`, { timeout: LIVE_MS });
    const shownTaskId = () => page.locator('.facts dd').first().textContent();
    await expect.poll(shownTaskId, { timeout: LIVE_MS }).toBe(againId);
    await statusChip(page, 'example_long_running', 'completed').waitFor({ timeout: LIVE_MS });
    expect(JSON.parse((await page.getByLabel('Parameters as JSON').textContent()) ?? '')).toEqual(parameters);
    await expect.poll(() => page.getByLabel('Result as JSON').textContent(), { timeout: LIVE_MS }).toContain('"message": "once more"');
    // Still the new task once it has run: the first task's page did not come back over it.
    expect(await shownTaskId()).toBe(againId);
    await screenshot(page, 'task-run-again');

    const again = (await harness.api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(againId)}`)).body;
    expect({ task_name: again.task_name, parameters: again.parameters, queue: again.queue }).toEqual({ task_name: 'example_long_running', parameters, queue: first.queue });
    // In Temporal: a second execution, on the first one's queue, that ran the same work.
    const handle = harness.client.workflow.getHandle(againId);
    expect((await handle.describe()).taskQueue).toBe(first.queue);
    expect(await handle.result()).toMatchObject({ message: 'once more', requested_duration: 1 });
    expect(consoleErrors()).toEqual([]);
  });

  it("stays on the new task after Run again when the first task's reload answers last", async () => {
    const parameters = { duration: 1, message: 'answered late' };
    const firstId = await submit('example_long_running', parameters);
    const { page, consoleErrors } = await openTask(firstId);
    await statusChip(page, 'example_long_running', 'completed').waitFor({ timeout: LIVE_MS });

    // Run again goes to the new task and reloads the first one. That reload (every request about
    // the first task) is held until the new task is shown, so it answers last, as a slow request
    // does under load. The new task's timeline is held until the late answer is in: once the
    // timeline shows, the late answer has had its turn to show the first task over the new one.
    const firstPath = `/tasks/${encodeURIComponent(firstId)}`;
    const aboutFirst = (url: URL) => url.pathname === firstPath || url.pathname.startsWith(`${firstPath}/`);
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let releaseTimeline!: () => void;
    const timelineHeld = new Promise<void>((resolve) => (releaseTimeline = resolve));
    await page.route(aboutFirst, async (route) => {
      await firstHeld;
      await route.continue();
    });
    await page.route(
      (url) => url.pathname.endsWith('/history') && !aboutFirst(url),
      async (route) => {
        await timelineHeld;
        await route.continue();
      },
    );
    const lateAnswer = page.waitForResponse((response) => new URL(response.url()).pathname === firstPath, { timeout: LIVE_MS });
    const submitted = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/tasks');
    await page.getByRole('button', { name: 'Run again' }).click();
    const againId = ((await (await submitted).json()) as SubmitAnswer).task_id;
    started.push(againId);
    await page.waitForURL(`${harness.api.base}/admin/tasks/${encodeURIComponent(againId)}`, { timeout: LIVE_MS });
    const shownTaskId = () => page.locator('.facts dd').first().textContent();
    await expect.poll(shownTaskId, { timeout: LIVE_MS }).toBe(againId);

    releaseFirst();
    const late = await lateAnswer;
    await late.finished();
    expect(late.status()).toBe(200);
    expect(((await late.json()) as TaskAnswer).task_id).toBe(firstId);
    releaseTimeline();
    await page.locator('.timeline').waitFor({ timeout: LIVE_MS });

    const again = (await harness.api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(againId)}`)).body;
    expect(await shownTaskId()).toBe(againId);
    expect(await page.locator('#task-heading .mono').textContent()).toBe(again.short_id);
    expect(JSON.parse((await page.getByLabel('Parameters as JSON').textContent()) ?? '')).toEqual(parameters);
    // The new task's own status, live to its end: the first task's completed page did not replace it.
    await statusChip(page, 'example_long_running', 'completed').waitFor({ timeout: LIVE_MS });
    expect((await untilStatus(harness.api, againId, ['completed'])).body.status).toBe('completed');
    expect(await shownTaskId()).toBe(againId);
    await page.unrouteAll();
    expect(consoleErrors()).toEqual([]);
  });

  it('terminates a running task from its page: it ends terminated, with the reason naming the dashboard', async () => {
    const taskId = await submit('example_long_running', { duration: 120, message: 'terminate me' });
    const { page, consoleErrors } = await openTask(taskId);
    await page.getByLabel(/^Progress: \d+%, working/).waitFor({ timeout: LIVE_MS });

    const terminated = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith('/cancel'));
    await page.getByRole('button', { name: 'Terminate' }).click();
    const answer = await terminated;
    expect(new URL(answer.url()).searchParams.get('mode')).toBe('terminate');
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toEqual({ task_id: taskId, action: 'terminated', status: 'terminated' });
    await statusChip(page, 'example_long_running', 'terminated').waitFor({ timeout: LIVE_MS });
    await expect.poll(() => page.locator('.timeline').textContent(), { timeout: LIVE_MS }).toContain('Task terminated');
    // A finished task offers neither action again.
    expect(await page.getByRole('button', { name: /^(Terminate|Cancel task)$/ }).count()).toBe(0);
    await screenshot(page, 'task-terminated');

    expect((await untilStatus(harness.api, taskId, ['terminated'])).body.status).toBe('terminated');
    const handle = harness.client.workflow.getHandle(taskId);
    expect((await handle.describe()).status.name).toBe('TERMINATED');
    const ended = (await handle.fetchHistory()).events?.find((event) => event.workflowExecutionTerminatedEventAttributes);
    expect(ended?.workflowExecutionTerminatedEventAttributes?.reason).toBe('terminated from the dashboard by anonymous');
    expect(consoleErrors()).toEqual([]);
  });

  it("rejects a web page review with a comment: the task completes with the reviewer's rejection and the draft summary", async () => {
    const { taskId, draftSummary } = await reviewAwaitingDecision();
    const { page, consoleErrors } = await openTask(taskId);
    await page.getByRole('button', { name: 'Reject' }).waitFor({ timeout: LIVE_MS });
    expect(await page.getByLabel(/^Summary/).inputValue()).toBe(draftSummary);
    await page.getByLabel('Comment').fill('off topic');
    // While it waits, the page says what happens if nobody decides (web_page_review's default: approve).
    expect(await page.getByLabel('Review deadline').textContent()).toMatch(/^If nobody decides by .+: approve automatically\.$/);

    const reviewed = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith(`/tasks/${encodeURIComponent(taskId)}/review`));
    await page.getByRole('button', { name: 'Reject' }).click();
    const answer = await reviewed;
    expect(answer.request().postDataJSON()).toEqual({ decision: 'reject', comment: 'off topic' });
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toEqual({ task_id: taskId, decision: 'reject', reviewer: 'anonymous', update: 'decision' });
    await statusChip(page, 'web_page_review', 'completed').waitFor({ timeout: LIVE_MS });
    await expect.poll(() => page.getByLabel('Result as JSON').textContent(), { timeout: LIVE_MS }).toContain('"approved": false');
    expect(await page.getByLabel('Review outcome').textContent()).toBe('Rejected by anonymous.');
    expect(await page.getByRole('button', { name: 'Reject' }).count()).toBe(0);
    await screenshot(page, 'task-review-rejected');

    const result = await resultOf<WebPageReviewResult>(taskId);
    expect(result.review).toEqual({ approved: false, decided_by: 'reviewer', reviewer: 'anonymous', comment: 'off topic' });
    expect(result.summary.text).toBe(draftSummary);
    expect(result.summary.edited_by).toBeUndefined();
    expect(consoleErrors()).toEqual([]);
  });

  it('approves a web page review with an edited summary, which replaces the draft in the result', async () => {
    const { taskId, draftSummary } = await reviewAwaitingDecision();
    const edited = 'Ada Lovelace published the first algorithm meant for a machine, in 1843.';
    expect(edited).not.toBe(draftSummary);
    const { page, consoleErrors } = await openTask(taskId);
    const summaryBox = page.getByLabel(/^Summary/);
    await summaryBox.waitFor({ timeout: LIVE_MS });
    expect(await summaryBox.inputValue()).toBe(draftSummary);
    await summaryBox.fill(edited);
    await page.getByText('Approve replaces the draft summary with this text.').waitFor();
    await screenshot(page, 'task-review-edited');

    const reviewed = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith(`/tasks/${encodeURIComponent(taskId)}/review`));
    await page.getByRole('button', { name: 'Approve with edited summary' }).click();
    const answer = await reviewed;
    expect(answer.request().postDataJSON()).toEqual({ decision: 'approve', summary: edited });
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toEqual({ task_id: taskId, decision: 'approve', reviewer: 'anonymous', update: 'decision' });
    await statusChip(page, 'web_page_review', 'completed').waitFor({ timeout: LIVE_MS });
    await expect.poll(() => page.getByLabel('Result as JSON').textContent(), { timeout: LIVE_MS }).toContain(`"text": "${edited}"`);
    expect(await page.getByLabel('Result as JSON').textContent()).toContain('"edited_by": "anonymous"');
    await screenshot(page, 'task-review-approved-edited');

    const result = await resultOf<WebPageReviewResult>(taskId);
    expect(result.summary).toMatchObject({ text: edited, edited_by: 'anonymous' });
    expect(result.review).toEqual({ approved: true, decided_by: 'reviewer', reviewer: 'anonymous', summary: edited });
    expect(consoleErrors()).toEqual([]);
  });

  it('says plainly when a review was decided by its deadline: "Approved automatically: nobody reviewed it."', async () => {
    const taskId = await submit('web_page_review', { url: site.url('/article'), review_timeout: 2 }, reviewQueue);
    const { page, consoleErrors } = await openTask(taskId);
    await statusChip(page, 'web_page_review', 'completed').waitFor({ timeout: LIVE_MS });
    await expect.poll(() => page.getByLabel('Review outcome').textContent(), { timeout: LIVE_MS }).toBe('Approved automatically: nobody reviewed it.');
    expect((await resultOf<WebPageReviewResult>(taskId)).review).toEqual({ approved: true, decided_by: 'timeout' });
    expect(consoleErrors()).toEqual([]);
  });

  it('retries a failed task from its failed step (a new run of the same task), then as a new task with edited parameters that links back', async () => {
    const parameters = { should_fail: true, retry_count: 0, fail_at_step: 2 };
    const taskId = await submit('example_error_handling', parameters);
    const { page, consoleErrors } = await openTask(taskId);
    await statusChip(page, 'example_error_handling', 'failed').waitFor({ timeout: LIVE_MS });
    const failedRun = (await harness.api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(taskId)}`)).body.run_id;

    const reset = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith('/reset'));
    await page.getByRole('button', { name: 'Retry from failed step' }).click();
    const resetAnswer = await reset;
    expect(resetAnswer.status()).toBe(200);
    expect(resetAnswer.request().postDataJSON()).toEqual({ reason: 'from the dashboard by anonymous' });
    // The same task, its new run: the page says where it came from (it fails again: nothing was fixed).
    await expect.poll(() => page.getByLabel('Reset from').textContent(), { timeout: LIVE_MS }).toContain(failedRun);
    expect(await page.getByLabel('Reset from').textContent()).toContain('reset by anonymous: from the dashboard by anonymous');
    const afterReset = await untilStatus(harness.api, taskId, ['failed']);
    expect(afterReset.body.run_id).not.toBe(failedRun);
    expect(afterReset.body.reset_from?.run_id).toBe(failedRun);
    await statusChip(page, 'example_error_handling', 'failed').waitFor({ timeout: LIVE_MS });

    await page.getByRole('button', { name: 'Retry with new parameters' }).click();
    const box = page.getByLabel('Parameters of the new task (JSON)');
    expect(JSON.parse(await box.inputValue())).toEqual(parameters);
    await box.fill(JSON.stringify({ ...parameters, should_fail: false }));
    const retried = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith('/retry'));
    await page.getByRole('button', { name: 'Start the retry' }).click();
    const retryAnswer = await retried;
    expect(retryAnswer.status()).toBe(201);
    const retryId = ((await retryAnswer.json()) as SubmitAnswer).task_id;
    started.push(retryId);
    await page.waitForURL(`${harness.api.base}/admin/tasks/${encodeURIComponent(retryId)}`, { timeout: LIVE_MS });
    await statusChip(page, 'example_error_handling', 'completed').waitFor({ timeout: LIVE_MS });
    const backLink = page.getByLabel('Retry of').getByRole('link');
    expect(await backLink.textContent()).toBe(taskId);
    await screenshot(page, 'task-retried');
    await backLink.click();
    await page.waitForURL(`${harness.api.base}/admin/tasks/${encodeURIComponent(taskId)}`, { timeout: LIVE_MS });
    expect((await harness.api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(retryId)}`)).body).toMatchObject({ retry_of: taskId, parameters: { ...parameters, should_fail: false } });
    expect(consoleErrors()).toEqual([]);
  });

  it("shows a failed task's failure and each of its causes, as Temporal recorded them", async () => {
    const taskId = await submit('example_error_handling', { should_fail: true, retry_count: 0, fail_at_step: 1 });
    const { page, consoleErrors } = await openTask(taskId);
    await statusChip(page, 'example_error_handling', 'failed').waitFor({ timeout: LIVE_MS });

    // Temporal's own account: the workflow's failure, then each cause inward.
    const failure = await harness.client.workflow
      .getHandle(taskId)
      .result()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const chain: { type: string; message: string }[] = [];
    for (let cause = (failure as WorkflowFailedError).cause; cause; cause = cause.cause as typeof cause) {
      chain.push({ type: cause instanceof ApplicationFailure && cause.type ? cause.type : cause.name, message: cause.message });
    }
    expect(chain.map((link) => link.type)).toEqual(['StepFailed', 'ActivityFailure', 'SimulatedStepFailure']);
    const [outermost, ...causes] = chain;

    const section = page.getByRole('region', { name: 'Failure' });
    const lines = [`${outermost!.type}: ${outermost!.message}`, ...causes.map((cause) => `caused by ${cause.type}: ${cause.message}`)];
    await expect.poll(() => section.locator('p').allTextContents(), { timeout: LIVE_MS }).toEqual(lines);
    await expect.poll(() => page.locator('.timeline').textContent(), { timeout: LIVE_MS }).toContain('Task failed');
    await screenshot(page, 'task-failed');

    const view = (await harness.api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(taskId)}`)).body;
    expect(view.status).toBe('failed');
    expect(view.failure).toEqual({ ...outermost, causes });
    expect(consoleErrors()).toEqual([]);
  });
});
