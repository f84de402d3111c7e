import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../examples/web-fetch/testing/fixture-site';
import type { ExtractLinksResult } from '../examples/extract-links/schema';
import { startApi, untilStatus, type RunningApi, type SubmitAnswer, type TaskAnswer } from './api-harness';
import { connectShared, startWorkerProcess, uniqueQueue } from './helpers/temporal';

/** An archive month page: site chrome around the month's list of stories. */
function monthPage(links: string[]): string {
  return `<!doctype html><html><head><title>Archive</title></head><body>
    <nav><a href="/archive/tech/2024/01">Previous month</a><a href="/signin">Sign in</a></nav>
    <main>${links.map((href) => `<div><a href="${href}">story</a></div>`).join('\n')}</main>
    <footer><a href="/about">About</a></footer>
  </body></html>`;
}

/**
 * extract_links end to end: the Task API, the shared dev server, a real `conveyor worker start`
 * process with the fixture site in CONVEYOR_FETCH_ALLOW_HOSTS, and the loopback archive it crawls.
 */
describe('extract_links, end to end over a loopback archive', () => {
  let client: Client;
  let api: RunningApi;
  let site: FixtureSite;
  let worker: Awaited<ReturnType<typeof startWorkerProcess>>;
  const queue = uniqueQueue('links');

  beforeAll(async () => {
    site = await startFixtureSite({
      archive: {
        'tech/2024/04': monthPage(['/@ada/engine?source=tag_archive---1', 'https://blog.test/post-a/', '/@ada/engine#responses']),
        // March moved: its page redirects, and the redirect is followed (and checked again).
        'tech/2024/03': { redirect: '/archive/tech/2024/03-moved' },
        'tech/2024/03-moved': monthPage(['https://blog.test/post-a', 'https://blog.test/post-b?utm_source=x', 'relative-story']),
        // February has no page (404).
        'tech/2024/01': monthPage(['https://blog.test/post-b', 'https://blog.test/post-c', '/@ada/engine']),
        'private/2024/01': { redirect: 'http://169.254.169.254/latest/meta-data/' },
      },
    });
    client = await connectShared();
    api = await startApi(client);
    worker = await startWorkerProcess([queue], { CONVEYOR_FETCH_ALLOW_HOSTS: site.host, CONVEYOR_FETCH_TIMEOUT: '10s' });
  }, 180_000);

  afterAll(async () => {
    worker?.kill('SIGTERM');
    await worker?.exited();
    await api?.close();
    await client?.connection.close();
    await site?.close();
  });

  const submit = (parameters: Record<string, unknown>) => api.call<SubmitAnswer>('POST', '/tasks', { body: { task_name: 'extract_links', parameters, queue } });

  it('crawls four months, one run each, and returns every unique link once, normalised, nothing from site chrome', async () => {
    const submitted = await submit({ tag: 'tech', go_back_to: '2024-01', until: '2024-04', archive_base: `${site.origin}/archive/{tag}` });
    expect(submitted.status).toBe(201);
    const taskId = submitted.body.task_id;

    const done = await untilStatus(api, taskId, ['completed', 'failed'], { tries: 300, intervalMs: 500 });
    expect(done.body.status).toBe('completed');
    const answer = await api.call<{ result: ExtractLinksResult }>('GET', `/tasks/${taskId}/result`);
    const result = answer.body.result;
    const month = (m: string) => `${site.origin}/archive/tech/${m}`;
    expect(result.links).toEqual([
      `${site.origin}/@ada/engine`,
      'https://blog.test/post-a',
      'https://blog.test/post-b',
      `${site.origin}/archive/tech/2024/relative-story`,
      'https://blog.test/post-c',
    ]);
    expect(result.months).toEqual([
      { month: '2024-04', url: month('2024/04'), found: true, links: 2, new_links: 2 },
      { month: '2024-03', url: month('2024/03'), found: true, links: 3, new_links: 2 },
      { month: '2024-02', url: month('2024/02'), found: false, links: 0, new_links: 0 },
      { month: '2024-01', url: month('2024/01'), found: true, links: 3, new_links: 1 },
    ]);
    expect(result).toMatchObject({ tag: 'tech', go_back_to: '2024-01', until: '2024-04', total_links: 5, truncated: false });
    // The redirected month was fetched at its new address; no chrome link was ever followed.
    expect(site.requests).toContain('/archive/tech/2024/03-moved');
    expect(site.requests.filter((path) => path.startsWith('/archive/tech/'))).toHaveLength(5);

    // One run per month: the first continued as new.
    const firstRun = await client.workflow.getHandle(taskId, submitted.body.run_id as string).describe();
    expect(firstRun.status.name).toBe('CONTINUED_AS_NEW');
  });

  it('a month page redirecting to the cloud metadata address fails the task with AddressNotAllowed, not retried', async () => {
    const submitted = await submit({ tag: 'private', go_back_to: '2024-01', until: '2024-01', archive_base: `${site.origin}/archive/{tag}` });
    expect(submitted.status).toBe(201);

    const failed = await untilStatus(api, submitted.body.task_id, ['failed', 'completed'], { tries: 300, intervalMs: 500 });
    expect(failed.body.status).toBe('failed');
    const failure = (failed.body as TaskAnswer).failure;
    expect(JSON.stringify(failure)).toContain('AddressNotAllowed');
    expect(JSON.stringify(failure)).toContain('169.254.169.254');
    expect(site.requests.filter((path) => path === '/archive/private/2024/01')).toHaveLength(1);
  });

  it.each([
    ['a month not as YYYY-MM', { tag: 'tech', go_back_to: '2024-1' }, 'parameters.go_back_to'],
    ['go_back_to after until', { tag: 'tech', go_back_to: '2024-05', until: '2024-04' }, 'parameters.go_back_to'],
    ['until not a month', { tag: 'tech', go_back_to: '2024-01', until: '2024-13' }, 'parameters.until'],
    ['an archive_base with credentials', { tag: 'tech', go_back_to: '2024-01', until: '2024-02', archive_base: 'https://u:p@x.test/a' }, 'parameters.archive_base'],
  ])('refuses %s at submit with 422 naming the field', async (_name, parameters, field) => {
    const answer = await submit(parameters);
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body)).toContain(field);
  });
});
