import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApi, type ApiBody, type SubmitAnswer, type TaskAnswer } from '../helpers/api-harness';
import { launchChromium, openPage, screenshot } from '../helpers/browser';
import { until } from '../helpers/until';

/** Waits of the browser for what the live stack does: generous, never asserted as speed. */
const LIVE_MS = 60_000;
/** Names no other test file uses, so these callers see this file's tasks only (the API narrows a submitter to its own). */
const KEYS = { sam: 'bulkdash-sam-secret', vic: 'bulkdash-vic-secret' };
type Who = keyof typeof KEYS;
const as = (who: Who) => ({ authorization: `Bearer ${KEYS[who]}` });

/**
 * Bulk actions by filter and the failures view, in headless Chromium against the real API with
 * auth on: a submitter cancels its waiting tasks from the task list after a confirmation that
 * shows the count, follows the job to its end, and from the Failures page lists a group's tasks
 * and re-runs them all; a viewer is offered neither action.
 */
describe('bulk actions and the failures view in the dashboard', { timeout: 120_000 }, () => {
  const harness = useApi({ CONVEYOR_AUTH: 'keys', CONVEYOR_API_KEYS: `bulkdash-sam:submitter:${KEYS.sam},bulkdash-vic:viewer:${KEYS.vic}` });
  let browser: Browser;
  const started: string[] = [];

  const submit = async (taskName: string, parameters: Record<string, unknown>): Promise<string> => {
    const answer = await harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body: { task_name: taskName, parameters }, headers: as('sam') });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    started.push(answer.body.task_id);
    return answer.body.task_id;
  };
  const statusOf = async (taskId: string) => (await harness.api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(taskId)}`, { headers: as('sam') })).body.status;
  const listed = async (query: Record<string, string>) =>
    (await harness.api.call<{ tasks: { task_id: string }[] } & ApiBody>('GET', `/tasks?${new URLSearchParams(query)}`, { headers: as('sam') })).body.tasks.map((task) => task.task_id).sort();
  /** A page signed in as `who` (the credential in the tab's sessionStorage, where the sign-in form keeps it). */
  const signedIn = async (who: Who) => {
    const opened = await openPage(browser);
    await opened.page.addInitScript(`sessionStorage.setItem('conveyor.credential', ${JSON.stringify(JSON.stringify({ kind: 'key', key: KEYS[who] }))})`);
    return opened;
  };
  const rows = (page: Page) => page.locator('tr[data-task-id]');

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await Promise.allSettled(started.map((id) => harness.client.workflow.getHandle(id).terminate('test over')));
    await browser?.close();
  });

  it("cancels every task the list's filters match, after a confirmation with the count, and follows the job to its end", async () => {
    const ids = await Promise.all([1, 2, 3].map(() => submit('example_approval', { subject: 'bulk from the dashboard', timeout: 600 })));
    const filter = { status: 'running', task_name: 'example_approval' };
    // Visibility lists them a moment after they started.
    await until(() => listed(filter), (found) => found.length === ids.length, { tries: 150, intervalMs: 100 });

    const { page, consoleErrors } = await signedIn('sam');
    await page.goto(`${harness.api.base}/admin/tasks?${new URLSearchParams(filter)}`);
    await expect.poll(() => rows(page).count(), { timeout: LIVE_MS }).toBe(ids.length);
    const counted = page.waitForResponse((response) => new URL(response.url()).pathname === '/tasks/batch' && response.request().postDataJSON()?.dry_run === true);
    await page.getByRole('form', { name: 'Bulk action' }).getByLabel('Bulk action').selectOption('cancel');
    await page.getByRole('button', { name: 'Act on all matching…' }).click();
    const dryRun = await counted;
    expect(dryRun.request().postDataJSON()).toMatchObject({ filter, action: 'cancel', dry_run: true });
    await page.getByText('Cancel 3 tasks matching status running, type example_approval?').waitFor({ timeout: LIVE_MS });
    await screenshot(page, 'bulk-cancel-confirm');

    await page.getByRole('button', { name: 'Cancel 3 tasks' }).click();
    const outcome = page.getByRole('status', { name: 'Bulk job outcome' });
    await outcome.waitFor({ timeout: LIVE_MS });
    expect(await outcome.textContent()).toBe('Done: cancellation requested for 3 of 3 tasks.');
    await screenshot(page, 'bulk-cancel-done');

    await until(() => Promise.all(ids.map(statusOf)), (statuses) => statuses.every((status) => status === 'cancelled'), { tries: 150, intervalMs: 100 });
    expect(consoleErrors()).toEqual([]);
  });

  it('groups failed tasks on the Failures page; a group lists its tasks, and Re-run all re-runs them after a confirmation with the count', async () => {
    const ids = await Promise.all([1, 2].map(() => submit('example_error_handling', { should_fail: true, retry_count: 0, fail_at_step: 1 })));
    await until(() => Promise.all(ids.map(statusOf)), (statuses) => statuses.every((status) => status === 'failed'), { tries: 300, intervalMs: 100 });
    const filter = { status: 'failed', task_name: 'example_error_handling', failure_type: 'StepFailed' };
    await until(() => listed(filter), (found) => found.length === ids.length, { tries: 150, intervalMs: 100 });

    const { page, consoleErrors } = await signedIn('sam');
    await page.goto(`${harness.api.base}/admin/tasks`);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Failures' }).click();
    await page.getByLabel('Since').selectOption('1h');
    const group = page.locator('tr[data-group="example_error_handling/failed/StepFailed"]');
    await group.waitFor({ timeout: LIVE_MS });
    expect(new URL(page.url()).search).toBe('?since=1h');
    expect(await group.locator('td').nth(3).textContent()).toBe('2');
    const latest = group.getByRole('link', { name: 'step 1 of 3 failed after 1 attempt(s)' });
    expect(ids.map((id) => `/admin/tasks/${encodeURIComponent(id)}`)).toContain(await latest.getAttribute('href'));
    await screenshot(page, 'failures');

    await group.getByRole('link', { name: 'List tasks' }).click();
    await page.waitForURL(`${harness.api.base}/admin/tasks?${new URLSearchParams(filter)}`, { timeout: LIVE_MS });
    await expect.poll(async () => (await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-task-id')))).sort(), { timeout: LIVE_MS }).toEqual([...ids].sort());
    expect(await page.getByLabel('Failure type').inputValue()).toBe('StepFailed');

    await page.goBack();
    await group.getByRole('button', { name: /^Re-run all/ }).click();
    await page.getByText('Re-run 2 tasks matching status failed, type example_error_handling, failure type StepFailed?').waitFor({ timeout: LIVE_MS });
    const rerunFrom = new Date().toISOString();
    await page.getByRole('button', { name: 'Re-run 2 tasks' }).click();
    const outcome = page.getByRole('status', { name: 'Bulk job outcome' });
    await outcome.waitFor({ timeout: LIVE_MS });
    expect(await outcome.textContent()).toBe('Done: re-ran 2 of 2 tasks.');
    // Each failed task went again as a new task that names it.
    const reruns = await until(() => listed({ task_name: 'example_error_handling', created_after: rerunFrom }), (found) => found.length === ids.length, { tries: 150, intervalMs: 100 });
    started.push(...reruns);
    const retryOf = await Promise.all(reruns.map(async (id) => (await harness.api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(id)}`, { headers: as('sam') })).body.retry_of));
    expect(retryOf.sort()).toEqual([...ids].sort());
    expect(consoleErrors()).toEqual([]);
  });

  it('offers a viewer the failures but no bulk action', async () => {
    const { page, consoleErrors } = await signedIn('vic');
    await page.goto(`${harness.api.base}/admin/tasks?task_name=example_approval`);
    await page.locator('.who').getByText('bulkdash-vic (viewer)').waitFor({ timeout: LIVE_MS });
    await page.getByRole('search', { name: 'Filter tasks' }).waitFor();
    expect(await page.getByRole('form', { name: 'Bulk action' }).count()).toBe(0);
    // The submitter's failed tasks from the test before, which a viewer reads too: listed, but not re-run from here.
    await page.getByRole('link', { name: 'Failures' }).click();
    await page.locator('tr[data-group="example_error_handling/failed/StepFailed"]').waitFor({ timeout: LIVE_MS });
    expect(await page.getByRole('link', { name: /^List tasks/ }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: /^Re-run all/ }).count()).toBe(0);
    expect(consoleErrors()).toEqual([]);
  });
});
