import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../../examples/lib/web-fetch/testing/fixture-site';
import { MAX_LINK_LENGTH, MAX_LINKS_BYTES } from '../../examples/extract-links/limits';
import type { ExtractLinksResult } from '../../examples/extract-links/schema';
import { untilStatus, useApi, type SubmitAnswer, type TaskAnswer } from '../helpers/api-harness';
import { startWorkerProcess, uniqueQueue } from '../helpers/temporal';

/** An archive month page: site chrome around the month's list of stories. */
function monthPage(links: string[]): string {
  return `<!doctype html><html><head><title>Archive</title></head><body>
    <nav><a href="/archive/tech/2024/01">Previous month</a><a href="/signin">Sign in</a></nav>
    <main>${links.map((href) => `<div><a href="${href}">story</a></div>`).join('\n')}</main>
    <footer><a href="/about">About</a></footer>
  </body></html>`;
}

/** `n` relative links of about 600 characters each. */
function bigLinks(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `/${prefix}/${i}/${'x'.repeat(600)}`);
}

/**
 * extract_links end to end: the Task API, the shared dev server, a real `conveyor worker start`
 * process with the fixture site in CONVEYOR_FETCH_ALLOW_HOSTS, and the loopback archive it crawls.
 */
describe('extract_links, end to end over a loopback archive', () => {
  const harness = useApi();
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
        // Three overlong links, then more links than a result holds in bytes; January's would not fit either.
        'big/2024/02': monthPage([...Array.from({ length: 3 }, (_, i) => `/long/${i}/${'y'.repeat(3000)}`), ...bigLinks('feb', 1500)]),
        'big/2024/01': monthPage(bigLinks('jan', 300)),
      },
    });
    worker = await startWorkerProcess([queue], { CONVEYOR_FETCH_ALLOW_HOSTS: site.host, CONVEYOR_FETCH_TIMEOUT: '10s' });
  }, 180_000);

  afterAll(async () => {
    worker?.kill('SIGTERM');
    await worker?.exited();
    await site?.close();
  });

  const submit = (parameters: Record<string, unknown>) => harness.api.call<SubmitAnswer>('POST', '/tasks', { body: { task_name: 'extract_links', parameters, queue } });

  it('crawls four months, one run each, and returns every unique link once, normalised, nothing from site chrome', async () => {
    const submitted = await submit({ tag: 'tech', go_back_to: '2024-01', until: '2024-04', archive_base: `${site.origin}/archive/{tag}` });
    expect(submitted.status).toBe(201);
    const taskId = submitted.body.task_id;

    const done = await untilStatus(harness.api, taskId, ['completed', 'failed'], { tries: 300, intervalMs: 500 });
    expect(done.body.status).toBe('completed');
    const answer = await harness.api.call<{ result: ExtractLinksResult }>('GET', `/tasks/${taskId}/result`);
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
    expect(result).toMatchObject({ tag: 'tech', go_back_to: '2024-01', until: '2024-04', total_links: 5, truncated: false, dropped_long_links: 0 });
    // The redirected month was fetched at its new address; no chrome link was ever followed.
    expect(site.requests).toContain('/archive/tech/2024/03-moved');
    expect(site.requests.filter((path) => path.startsWith('/archive/tech/'))).toHaveLength(5);

    // One run per month: the first continued as new.
    const firstRun = await harness.client.workflow.getHandle(taskId, submitted.body.run_id as string).describe();
    expect(firstRun.status.name).toBe('CONTINUED_AS_NEW');
  });

  it('keeps the result bounded in bytes: overlong links left out and counted, links beyond MAX_LINKS_BYTES cut, and truncated says so', async () => {
    const submitted = await submit({ tag: 'big', go_back_to: '2024-01', until: '2024-02', archive_base: `${site.origin}/archive/{tag}` });
    expect(submitted.status).toBe(201);

    const done = await untilStatus(harness.api, submitted.body.task_id, ['completed', 'failed'], { tries: 300, intervalMs: 500 });
    expect(done.body.status).toBe('completed');
    const answer = await harness.api.call<{ result: ExtractLinksResult }>('GET', `/tasks/${submitted.body.task_id}/result`);
    const result = answer.body.result;
    expect(result).toMatchObject({ truncated: true, dropped_long_links: 3 });
    expect(result.links.every((link) => link.length <= MAX_LINK_LENGTH)).toBe(true);
    const linkBytes = Buffer.byteLength(JSON.stringify(result.links));
    expect(linkBytes).toBeLessThanOrEqual(MAX_LINKS_BYTES);
    expect(linkBytes).toBeGreaterThan(MAX_LINKS_BYTES - 2 * 650); // cut at the budget, not sooner
    expect(result.links[0]).toBe(`${site.origin}/feb/0/${'x'.repeat(600)}`);
    // February filled the result; nothing of January fitted.
    expect(result.months.map((m) => [m.month, m.new_links])).toEqual([
      ['2024-02', result.total_links],
      ['2024-01', 0],
    ]);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThan(MAX_LINKS_BYTES + 64 * 1024);
  });

  it('a month page redirecting to the cloud metadata address fails the task with Unreachable, not retried', async () => {
    const submitted = await submit({ tag: 'private', go_back_to: '2024-01', until: '2024-01', archive_base: `${site.origin}/archive/{tag}` });
    expect(submitted.status).toBe(201);

    const failed = await untilStatus(harness.api, submitted.body.task_id, ['failed', 'completed'], { tries: 300, intervalMs: 500 });
    expect(failed.body.status).toBe('failed');
    const failure = (failed.body as TaskAnswer).failure;
    expect(JSON.stringify(failure)).toContain('Unreachable');
    expect(JSON.stringify(failure)).toContain('could not fetch http://169.254.169.254/latest/meta-data/: the address is not reachable or not allowed');
    expect(JSON.stringify(failure)).not.toContain('linkLocal'); // the reason stays in the worker's log
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
