import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load-project';
import { useApi, type ApiBody } from '../helpers/api-harness';
import { launchChromium, openPage, screenshot } from '../helpers/browser';
import { ROOT } from '../helpers/cli';
import { startWorkerProcess } from '../helpers/temporal';

const FIXTURE_CONFIG = path.join(ROOT, 'test', 'fixtures', 'flow-control', 'conveyor.config.ts');
/** Waits of the browser for what the live stack does: generous, never asserted as speed. */
const LIVE_MS = 60_000;

/**
 * Flow control in the dashboard, in headless Chromium against the real API (auth off: the local
 * admin `anonymous`) serving test/fixtures/flow-control, with a real worker for its `flow-keys`
 * queue: a singleton submitted twice from the form, a debounced submit waiting out its window,
 * and each queue's declared limits on the workers page.
 */
describe('flow control in the dashboard', { timeout: 180_000 }, () => {
  const harness = useApi({}, async () => ({ registry: (await loadProject({ configFlag: FIXTURE_CONFIG, cwd: ROOT })).registry }));
  let browser: Browser;
  let worker: Awaited<ReturnType<typeof startWorkerProcess>>;
  const started: string[] = [];

  beforeAll(async () => {
    [worker, browser] = await Promise.all([startWorkerProcess(['flow-keys'], { CONVEYOR_CONFIG: FIXTURE_CONFIG }), launchChromium()]);
  }, 180_000);
  afterAll(async () => {
    await Promise.allSettled(started.map((id) => harness.client.workflow.getHandle(id).terminate('test over')));
    await browser?.close();
    worker?.kill('SIGTERM');
    await worker?.exited();
  });

  it('submits a singleton from the form, and a second submit joins the running task', async () => {
    const { page, consoleErrors } = await openPage(browser);
    const doc = `browser-${Date.now()}`;
    const submitOnce = async () => {
      await page.goto(`${harness.api.base}/admin/submit?type=flow_held_document`);
      await page.locator('#param_doc').fill(doc);
      await page.getByLabel('Mode').selectOption('singleton');
      await page.getByRole('button', { name: 'Submit flow_held_document' }).click();
      await page.waitForURL(/\/admin\/tasks\/flow_held_document-singleton-/, { timeout: LIVE_MS });
    };
    await submitOnce();
    const taskId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    started.push(taskId);
    expect(taskId).toBe(`flow_held_document-singleton-${doc}`);
    await expect.poll(() => page.locator('dl.facts').textContent(), { timeout: LIVE_MS }).toContain('Fairness keyanonymous');
    const joinedNote = page.getByRole('status').filter({ hasText: 'your submit joined it' });
    expect(await joinedNote.count()).toBe(0);

    await submitOnce();
    expect(decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '')).toBe(taskId);
    await expect.poll(() => joinedNote.textContent(), { timeout: LIVE_MS }).toContain('already running: your submit joined it');
    await screenshot(page, 'singleton-joined');
    expect(consoleErrors()).toEqual([]);
  });

  it('submits with a debounce: the task page says it waits out its window, then shows the run complete', async () => {
    const { page, consoleErrors } = await openPage(browser);
    await page.goto(`${harness.api.base}/admin/submit?type=flow_echo`);
    await page.locator('#param_n').fill('7');
    await page.getByLabel('Debounce', { exact: true }).fill('3s');
    await page.getByRole('button', { name: 'Submit flow_echo' }).click();
    await page.waitForURL(/\/admin\/tasks\/flow_echo-debounce-/, { timeout: LIVE_MS });
    const taskId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    await expect.poll(() => page.locator('dl.facts').textContent(), { timeout: LIVE_MS }).toContain('Waitingfor more submits with its key');
    expect(await page.locator('dl.facts').textContent()).toMatch(/Runs at.*at the earliest \(1 submit so far\)/);
    await screenshot(page, 'debouncing');
    // No reload: the page looks again once the window has closed, and follows the run to its end.
    await page.getByRole('heading', { name: /flow_echo/ }).locator('.chip', { hasText: 'completed' }).waitFor({ timeout: LIVE_MS });
    await expect.poll(() => page.getByLabel('Result as JSON').textContent(), { timeout: LIVE_MS }).toContain('"n": 7');
    const result = await harness.api.call<ApiBody>('GET', `/tasks/${encodeURIComponent(taskId)}/result`);
    expect(result.body).toMatchObject({ status: 'completed', result: { n: 7 } });
    expect(consoleErrors()).toEqual([]);
  });

  it("shows each queue's declared limits and its backlog on the workers page", async () => {
    const { page, consoleErrors } = await openPage(browser);
    await page.goto(`${harness.api.base}/admin/workers`);
    const keyLimited = page.getByLabel('Flow control of flow-key-limited');
    await expect.poll(() => keyLimited.textContent(), { timeout: LIVE_MS }).toContain('declared 4/s');
    expect(await page.getByLabel('Flow control of flow-queue-limited').textContent()).toMatch(/Rate limit.*declared 4\/s/);
    expect(await page.getByLabel('Flow control of flow-keys').textContent()).toMatch(/Backlog\d+ workflow tasks?, \d+ activit/);
    await screenshot(page, 'workers-flow-control');
    expect(consoleErrors()).toEqual([]);
  });
});
