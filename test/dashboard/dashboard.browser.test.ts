import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitTask, untilStatus, useApi, type ApiBody } from '../helpers/api-harness';
import { launchChromium, openPage, screenshot } from '../helpers/browser';
import { uniqueQueue } from '../helpers/temporal';

/** Waits of the browser for what the live stack does (a worker taking a task, the once-a-second change feed): generous, never asserted as speed. */
const LIVE_MS = 90_000;

/**
 * The dashboard in real headless Chromium, served by the real API (auth off) against the run's
 * dev server and worker: every action goes through the pages, every change arrives live.
 */
describe('dashboard in a browser', { timeout: 240_000 }, () => {
  const harness = useApi();
  let browser: Browser;
  const started: string[] = [];
  const schedules: string[] = [];

  const submit = async (taskName: string, parameters: Record<string, unknown>, queue?: string): Promise<string> => {
    const taskId = await submitTask(harness.api, taskName, parameters, queue);
    started.push(taskId);
    return taskId;
  };

  beforeAll(async () => {
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    // Tasks left waiting (on queues no worker serves, or for a review) end here, not at their timeouts.
    await Promise.allSettled(started.map((id) => harness.client.workflow.getHandle(id).terminate('test over')));
    await Promise.allSettled(schedules.map((id) => harness.api.call('DELETE', `/schedules/${encodeURIComponent(id)}`)));
    await browser?.close();
  });

  it('submits from the form generated from the schema and shows the task complete live', async () => {
    const { page, consoleErrors } = await openPage(browser);
    await page.goto(`${harness.api.base}/admin/submit?type=example_long_running`);
    // The schema's default shows in its field; the form's controls are labelled.
    await expect.poll(() => page.getByLabel('duration').inputValue(), { timeout: LIVE_MS }).toBe('60');
    await page.getByLabel('duration').fill('2');
    await page.getByLabel('message').fill('from the browser');
    await screenshot(page, 'submit');
    await page.getByRole('button', { name: 'Submit example_long_running' }).click();

    await page.waitForURL(/\/admin\/tasks\/example_long_running-/, { timeout: LIVE_MS });
    const taskId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    started.push(taskId);
    // No reload: the status chip follows the task's event stream to its end.
    await page.getByRole('heading', { name: /example_long_running/ }).locator('.chip', { hasText: 'completed' }).waitFor({ timeout: LIVE_MS });
    await expect.poll(() => page.getByLabel('Result as JSON').textContent(), { timeout: LIVE_MS }).toContain('"message": "from the browser"');
    await expect.poll(() => page.locator('.timeline').textContent(), { timeout: LIVE_MS }).toMatch(/Activity scheduled.*Activity completed.*Task completed/s);
    await screenshot(page, 'task-completed');
    expect(consoleErrors()).toEqual([]);
  });

  it("shows the server's validation messages next to the fields they name", async () => {
    const { page, consoleErrors } = await openPage(browser);
    await page.goto(`${harness.api.base}/admin/submit?type=example_data_processing`);
    await page.getByLabel('chunk_size').fill('0');
    await page.getByRole('button', { name: 'Submit example_data_processing' }).click();
    // chunk_size must be at least 1 (the schema says so); once it is, data_size is required when data is absent (a rule only the API knows).
    const dataSizeField = page.locator('.form-group:not(.rjsf-field-object)', { has: page.locator('#param_data_size') });
    const chunkField = page.locator('.form-group:not(.rjsf-field-object)', { has: page.locator('#param_chunk_size') });
    await expect.poll(() => chunkField.textContent(), { timeout: LIVE_MS }).toMatch(/>=\s*1|at least 1|too small/i);
    await page.getByLabel('chunk_size').fill('5');
    await page.getByRole('button', { name: 'Submit example_data_processing' }).click();
    await expect.poll(() => dataSizeField.textContent(), { timeout: LIVE_MS }).toContain('required when data is not given');
    expect(await chunkField.textContent()).not.toMatch(/>=\s*1|at least 1|too small/i);
    await screenshot(page, 'submit-validation');
    expect(new URL(page.url()).pathname).toBe('/admin/submit');
    // The one console line is the browser's note of the 422 this test asked for.
    expect(consoleErrors([422])).toEqual([]);
  });

  it('cancels a running task from its page, opened by a deep link', async () => {
    const taskId = await submit('example_long_running', { duration: 120, message: 'cancel me' });
    const { page, consoleErrors } = await openPage(browser);
    await page.goto(`${harness.api.base}/admin/tasks/${encodeURIComponent(taskId)}`);
    await page.getByRole('heading', { name: /example_long_running/ }).locator('.chip', { hasText: 'running' }).waitFor({ timeout: LIVE_MS });
    await page.getByLabel(/^Progress: \d+%, working/).waitFor({ timeout: LIVE_MS });
    await screenshot(page, 'task-running');
    await page.getByRole('button', { name: 'Cancel task' }).click();
    await page.getByRole('heading', { name: /example_long_running/ }).locator('.chip', { hasText: 'cancelled' }).waitFor({ timeout: LIVE_MS });
    expect((await untilStatus(harness.api, taskId, ['cancelled'])).body.status).toBe('cancelled');
    await expect.poll(() => page.locator('.timeline').textContent(), { timeout: LIVE_MS }).toContain('Cancellation requested');
    await screenshot(page, 'task-cancelled');
    expect(consoleErrors()).toEqual([]);
  });

  it('approves a pending review with a comment', async () => {
    const taskId = await submit('example_approval', { subject: 'release 1.2', timeout: 600 });
    const { page, consoleErrors } = await openPage(browser);
    await page.goto(`${harness.api.base}/admin/tasks/${encodeURIComponent(taskId)}`);
    await page.getByRole('button', { name: 'Approve' }).waitFor({ timeout: LIVE_MS });
    await page.getByLabel('Comment').fill('looks good');
    await screenshot(page, 'task-review');
    // The decision goes through the review route, which answers once the task accepted it (the `decision` update).
    const reviewed = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith(`/tasks/${encodeURIComponent(taskId)}/review`));
    await page.getByRole('button', { name: 'Approve' }).click();
    const answer = await reviewed;
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toEqual({ task_id: taskId, decision: 'approve', reviewer: 'anonymous', update: 'decision' });
    await page.getByRole('heading', { name: /example_approval/ }).locator('.chip', { hasText: 'completed' }).waitFor({ timeout: LIVE_MS });
    const result = await harness.api.call<ApiBody>('GET', `/tasks/${encodeURIComponent(taskId)}/result`);
    expect(result.body.result).toEqual({ approved: true, decided_by: 'reviewer', reviewer: 'anonymous', comment: 'looks good' });
    await expect.poll(() => page.locator('.timeline').textContent(), { timeout: LIVE_MS }).toContain('Update accepted decision');
    expect(consoleErrors()).toEqual([]);
  });

  it('lists a schedule on the workers page, pauses, resumes and triggers it', async () => {
    // A cron time months away: the only run is the trigger's.
    const created = await harness.api.call<ApiBody & { schedule_id: string }>('POST', '/schedules', {
      body: { task_name: 'noop', parameters: {}, schedule_id: `dashboard-${Date.now().toString(36)}`, cron: '0 0 1 1 *' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.schedule_id;
    schedules.push(id);
    const { page, consoleErrors } = await openPage(browser);
    await page.goto(`${harness.api.base}/admin/workers`);
    const row = page.locator(`tr[data-schedule-id="${id}"]`);
    // GET /schedules reads Temporal's visibility: a schedule created a moment ago may need a refresh to show.
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh schedules' }).click();
          return row.count();
        },
        { timeout: LIVE_MS, interval: 1000 },
      )
      .toBe(1);
    expect(await row.textContent()).toMatch(/noop.*0 0 1 1 \*.*Active/);

    await page.getByRole('button', { name: `Pause ${id}` }).click();
    await expect.poll(() => row.textContent(), { timeout: LIVE_MS }).toContain('Paused (paused by anonymous)');
    expect((await harness.api.call<ApiBody>('GET', `/schedules/${encodeURIComponent(id)}`)).body.paused).toBe(true);
    await screenshot(page, 'workers-schedule-paused');
    await page.getByRole('button', { name: `Resume ${id}` }).click();
    await expect.poll(() => row.textContent(), { timeout: LIVE_MS }).toContain('Active');
    expect((await harness.api.call<ApiBody>('GET', `/schedules/${encodeURIComponent(id)}`)).body.paused).toBe(false);

    await page.getByRole('button', { name: `Trigger ${id}` }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: id }).textContent(), { timeout: LIVE_MS }).toContain('run requested');
    await screenshot(page, 'workers-schedules');
    // The run is an ordinary task: the row's link lists the schedule's runs, and the trigger's shows up there.
    await page.getByRole('link', { name: `Runs of ${id}` }).click();
    expect(new URL(page.url()).searchParams.get('schedule_id')).toBe(id);
    await expect
      .poll(
        async () => {
          if ((await page.locator('tbody tr').count()) === 0) await page.reload();
          return page.locator('tbody tr').count();
        },
        { timeout: LIVE_MS, interval: 2000 },
      )
      .toBe(1);
    expect(await page.locator('tbody tr').textContent()).toContain('noop');
    await screenshot(page, 'schedule-runs');
    expect(consoleErrors()).toEqual([]);
  });

  it("keeps the last filter's tasks when an earlier filter's answer arrives after them", async () => {
    const queue = uniqueQueue('dashboard-late');
    const queueTasks = [await submit('noop', {}, queue), await submit('noop', {}, queue)];
    // A task on another queue: the unfiltered list then counts at least 3, and shows apart from the queue's 2.
    await submit('noop', {}, uniqueQueue('dashboard-late-other'));
    const { page, consoleErrors } = await openPage(browser);
    // The unfiltered list's answer is held back until the queue's answer has been shown: it then
    // arrives late, as a slow first request does under load, and must not replace the queue's tasks.
    let releaseUnfiltered!: () => void;
    const unfilteredHeld = new Promise<void>((resolve) => (releaseUnfiltered = resolve));
    await page.route(
      (url) => url.pathname === '/tasks' && !url.searchParams.has('queue'),
      async (route) => {
        await unfilteredHeld;
        await route.continue();
      },
    );
    await page.goto(`${harness.api.base}/admin/tasks`);
    await page.getByLabel('Queue', { exact: true }).fill(queue);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByRole('navigation', { name: 'Pages' }).last().textContent(), { timeout: LIVE_MS }).toContain('1–2 of 2');
    // From here on the page records every set of rows it shows: a late answer shown for a moment,
    // then replaced by a later reload, is still seen.
    await page.locator('body').evaluate((body) => {
      const shown: string[][] = [];
      const view = body.ownerDocument.defaultView;
      view.shownRows = shown;
      const record = () => shown.push([...body.querySelectorAll('tbody tr')].map((row) => row.getAttribute('data-task-id') ?? ''));
      new view.MutationObserver(record).observe(body, { childList: true, subtree: true, characterData: true });
    });
    const lateAnswer = page.waitForResponse((response) => new URL(response.url()).pathname === '/tasks' && !new URL(response.url()).searchParams.has('queue'));
    releaseUnfiltered();
    await (await lateAnswer).finished();
    // The late answer is in the page. A task submitted to the queue now reaches the page after it
    // (through the change feed, then a reload of the queue's page): once that task shows, the late
    // answer has had its turn to show.
    const later = await submit('noop', {}, queue);
    queueTasks.push(later);
    await page.locator(`tr[data-task-id="${later}"]`).waitFor({ timeout: LIVE_MS });
    await expect.poll(() => page.getByRole('navigation', { name: 'Pages' }).last().textContent(), { timeout: LIVE_MS }).toContain('1–3 of 3');
    expect((await page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-task-id')))).sort()).toEqual([...queueTasks].sort());
    const shown: string[][] = await page.locator('body').evaluate((body) => body.ownerDocument.defaultView.shownRows);
    expect(shown.flat().filter((id) => !queueTasks.includes(id))).toEqual([]);
    await page.unrouteAll();
    expect(consoleErrors()).toEqual([]);
  });

  it('filters by queue and status in the URL, pages with real counts, and shows a new task live', async () => {
    const queue = uniqueQueue('dashboard');
    // No worker serves this queue: the tasks stay queued while the test looks at them.
    for (let i = 0; i < 3; i++) await submit('noop', {}, queue);
    const { page, consoleErrors } = await openPage(browser);
    await page.goto(`${harness.api.base}/admin/tasks?limit=2`);
    await page.getByLabel('Queue', { exact: true }).fill(queue);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('combobox', { name: /^Status/ }).selectOption('queued');
    await expect.poll(() => new URL(page.url()).searchParams.get('queue')).toBe(queue);
    expect(new URL(page.url()).searchParams.get('status')).toBe('queued');
    await expect.poll(() => page.getByRole('navigation', { name: 'Pages' }).last().textContent(), { timeout: LIVE_MS }).toContain('1–2 of 3');
    await screenshot(page, 'tasks-filtered');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.getByRole('navigation', { name: 'Pages' }).last().textContent(), { timeout: LIVE_MS }).toContain('3–3 of 3');
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('offset')).toBe('2');

    // Back to the first page; a task submitted now appears without a reload, from GET /tasks/events.
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.goto(`${harness.api.base}/admin/tasks?queue=${queue}`);
    await expect.poll(() => page.locator('tbody tr').count(), { timeout: LIVE_MS }).toBe(3);
    const fourth = await submit('noop', {}, queue);
    await page.locator(`tr[data-task-id="${fourth}"]`).waitFor({ timeout: LIVE_MS });
    await expect.poll(() => page.getByRole('navigation', { name: 'Pages' }).last().textContent(), { timeout: LIVE_MS }).toContain('1–4 of 4');

    // The id search takes the short id, as every /tasks/{id} route does.
    await page.getByLabel('Task id', { exact: true }).fill(fourth.slice(-12));
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('tbody tr').count(), { timeout: LIVE_MS }).toBe(1);
    expect(await page.locator('tbody tr').getAttribute('data-task-id')).toBe(fourth);
    expect(consoleErrors()).toEqual([]);
  });

  it('redirects / to /admin/, serves deep links, workers, and fits a 375 px wide screen', async () => {
    const { page, consoleErrors } = await openPage(browser, { width: 375 });
    await page.goto(`${harness.api.base}/`);
    await page.getByRole('heading', { name: 'Tasks' }).waitFor({ timeout: LIVE_MS });
    expect(new URL(page.url()).pathname).toBe('/admin/tasks');
    await page.locator('tbody tr').first().waitFor({ timeout: LIVE_MS });
    // The page itself never scrolls sideways; the table scrolls in its own box.
    expect(await page.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'tasks-375px');

    await page.getByRole('link', { name: 'Workers' }).click();
    await page.getByRole('region', { name: 'Queue computor-tasks' }).waitFor({ timeout: LIVE_MS });
    await expect.poll(() => page.getByRole('region', { name: 'Queue computor-tasks' }).textContent()).toMatch(/workflow, activity|activity, workflow/);
    await screenshot(page, 'workers');

    // Keyboard: the filters are reachable and usable without a mouse.
    await page.goto(`${harness.api.base}/admin/tasks`);
    await page.getByRole('combobox', { name: /^Status/ }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('computor-tasks');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('queue')).toBe('computor-tasks');
    expect(consoleErrors()).toEqual([]);

    // The API's own answers stay as they were: an unknown route is its JSON 404, a missing asset too.
    const unknown = await harness.api.call<ApiBody>('GET', '/nope');
    expect(unknown.body.error?.code).toBe('route_not_found');
    const asset = await harness.api.call<ApiBody>('GET', '/admin/assets/missing.js');
    expect(asset.status).toBe(404);
  });
});
