import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApi, type ApiBody, type SubmitAnswer } from '../helpers/api-harness';
import { launchChromium, openPage, screenshot } from '../helpers/browser';

const LIVE_MS = 90_000;
const SECRET = { admin: 'dash-admin-key-1', viewer: 'dash-viewer-key-1', carol: 'carol-password-1' };

/**
 * The dashboard with CONVEYOR_AUTH=keys, in real headless Chromium: sign-in with an API key or a
 * user and password, kept out of every URL; the actions offered follow the role.
 */
describe('dashboard in a browser, with auth on', { timeout: 240_000 }, () => {
  const harness = useApi({
    CONVEYOR_AUTH: 'keys',
    CONVEYOR_API_KEYS: `root:admin:${SECRET.admin},vera:viewer:${SECRET.viewer}`,
    CONVEYOR_USERS: `carol:submitter:${SECRET.carol}`,
  });
  let browser: Browser;
  let taskId: string;

  beforeAll(async () => {
    const submitted = await harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', {
      body: { task_name: 'example_long_running', parameters: { duration: 120, message: 'auth' } },
      headers: { authorization: `Bearer ${SECRET.admin}` },
    });
    expect(submitted.status).toBe(201);
    taskId = submitted.body.task_id;
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await harness.client.workflow.getHandle(taskId).terminate('test over').catch(() => undefined);
    await browser?.close();
  });

  it('asks for credentials, refuses wrong ones, and signs in with a user and password that never reach a URL', async () => {
    const { page, consoleErrors } = await openPage(browser);
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await page.goto(`${harness.api.base}/admin/tasks/${encodeURIComponent(taskId)}`);
    await page.getByRole('heading', { name: 'Sign in to Conveyor' }).waitFor({ timeout: LIVE_MS });
    await page.getByLabel('API key', { exact: true }).fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The API did not accept these credentials.').waitFor({ timeout: LIVE_MS });
    await screenshot(page, 'sign-in');

    await page.getByLabel('a user and password').check();
    await page.getByLabel('User', { exact: true }).fill('carol');
    await page.getByLabel('Password', { exact: true }).fill(SECRET.carol);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The deep link is where the operator lands; carol is a submitter and the task is root's: the API answers 404, as to any client.
    await page.getByText(/no task with id/).waitFor({ timeout: LIVE_MS });
    await expect.poll(() => page.locator('.who').textContent()).toContain('carol (submitter)');
    expect(await page.getByRole('link', { name: 'Submit' }).count()).toBe(1);
    expect(urls.filter((url) => url.includes(SECRET.carol) || url.includes('carol:'))).toEqual([]);
    // The wrong key's GET /me (401) and the dashboard's own 404 for root's task are the refused requests; nothing else went wrong.
    expect(consoleErrors([401, 404])).toEqual([]);
  });

  it('offers an admin cancel and terminate, and a viewer neither', async () => {
    const { page, consoleErrors } = await openPage(browser);
    await page.goto(`${harness.api.base}/admin/tasks/${encodeURIComponent(taskId)}`);
    await page.getByLabel('API key', { exact: true }).fill(SECRET.admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Terminate' }).waitFor({ timeout: LIVE_MS });
    expect(await page.getByRole('button', { name: 'Cancel task' }).count()).toBe(1);
    await screenshot(page, 'task-admin');
    // Signed in for this tab: a reload keeps the session, and the key is in no URL.
    await page.reload();
    await page.getByRole('button', { name: 'Terminate' }).waitFor({ timeout: LIVE_MS });
    expect(page.url()).not.toContain(SECRET.admin);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key', { exact: true }).fill(SECRET.viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /example_long_running/ }).waitFor({ timeout: LIVE_MS });
    await expect.poll(() => page.locator('.who').textContent()).toContain('vera (viewer)');
    expect(await page.getByRole('button', { name: /Cancel task|Terminate|Run again/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Submit' }).count()).toBe(0);
    expect(consoleErrors()).toEqual([]);
  });
});
