import { type ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebFetchFailureType } from '../lib/web-fetch/failure-types';
import { parseWebFetchSettings } from '../lib/web-fetch/settings';
import { startFixtureSite, type FixtureSite } from '../lib/web-fetch/testing/fixture-site';
import { createExtractLinksActivities } from './activities';
import { MAX_LINK_LENGTH, MAX_LINKS_BYTES, MONTH_LINKS_MAX } from './limits';

/** A month page of this many links of about LINK_PADDING characters: fewer than MONTH_LINKS_MAX, more than MAX_LINKS_BYTES. */
const LONG_PAGE_LINKS = 1500;
const LINK_PADDING = 1000;

/** fetchArchiveMonth against the loopback fixture site: the same safe fetch, the same refusals. */
describe('fetchArchiveMonth', () => {
  let site: FixtureSite;
  beforeAll(async () => {
    site = await startFixtureSite({
      archive: {
        'tech/2024/03': '<html><body><nav><a href="/home">Home</a></nav><main><a href="/s/1?utm_source=x">1</a><a href="/s/2/">2</a><a href="/s/1">1 again</a></main></body></html>',
        'tech/2024/02': { redirect: '/archive/tech/2024/03' },
        'tech/2024/01': { redirect: 'http://[fd00:ec2::254]/latest/meta-data/' },
        'tech/2023/10': `<html><body><main>${[
          ...Array.from({ length: 3 }, (_, i) => `<a href="/long/${i}/${'y'.repeat(MAX_LINK_LENGTH)}">long</a>`),
          ...Array.from({ length: LONG_PAGE_LINKS }, (_, i) => `<a href="/s/${i}/${'x'.repeat(LINK_PADDING)}">${i}</a>`),
        ].join('')}</main></body></html>`,
        'tech/2023/11': `<html><body><main>${Array.from({ length: MONTH_LINKS_MAX + 5 }, (_, i) => `<a href="/s/${i}">${i}</a>`).join('')}</main></body></html>`,
      },
    });
  });
  afterAll(() => site.close());

  /** What the activity logged about unreachable hosts, since the test began. */
  const logged: Record<string, unknown>[] = [];
  beforeEach(() => {
    logged.length = 0;
  });

  const fetchArchiveMonth = (env: Record<string, string> = {}) =>
    createExtractLinksActivities(() => ({
      settings: parseWebFetchSettings({ CONVEYOR_FETCH_ALLOW_HOSTS: site.host, ...env }),
      log: (_message, meta) => logged.push(meta),
    })).fetchArchiveMonth;
  const month = (path: string) => `${site.origin}/archive/tech/${path}`;
  const failure = (url: string, env: Record<string, string> = {}) =>
    fetchArchiveMonth(env)({ url }).then(
      () => undefined,
      (e: unknown) => e as ApplicationFailure,
    );

  it("lists a month page's links, normalised and once each, without navigation", async () => {
    expect(await fetchArchiveMonth()({ url: month('2024/03') })).toEqual({
      url: month('2024/03'),
      found: true,
      links: [`${site.origin}/s/1`, `${site.origin}/s/2`],
      truncated: false,
      droppedLongLinks: 0,
    });
  });

  it('follows a redirect and reports where the page came from', async () => {
    expect(await fetchArchiveMonth()({ url: month('2024/02') })).toMatchObject({ url: month('2024/03'), found: true });
  });

  it('a month without a page (404) is found: false, not a failure', async () => {
    expect(await fetchArchiveMonth()({ url: month('1999/01') })).toEqual({ url: month('1999/01'), found: false, links: [], truncated: false, droppedLongLinks: 0 });
  });

  it('keeps at most MONTH_LINKS_MAX links of one page, and says so', async () => {
    const page = await fetchArchiveMonth()({ url: month('2023/11') });
    expect(page.links).toHaveLength(MONTH_LINKS_MAX);
    expect(page.truncated).toBe(true);
  });

  it('keeps at most MAX_LINKS_BYTES of links of one page, leaves out and counts the overlong ones, and says so', async () => {
    const page = await fetchArchiveMonth()({ url: month('2023/10') });
    expect(page.droppedLongLinks).toBe(3);
    expect(page.links.every((link) => link.length <= MAX_LINK_LENGTH)).toBe(true);
    const bytes = Buffer.byteLength(JSON.stringify(page.links));
    expect(bytes).toBeLessThanOrEqual(MAX_LINKS_BYTES);
    expect(bytes).toBeGreaterThan(MAX_LINKS_BYTES - 2 * MAX_LINK_LENGTH); // cut at the budget, not sooner
    expect(page.links.length).toBeLessThan(LONG_PAGE_LINKS);
    expect(page.links[0]).toBe(`${site.origin}/s/0/${'x'.repeat(LINK_PADDING)}`);
    expect(page.truncated).toBe(true);
  });

  it('a month page redirecting to the cloud metadata address is refused, non-retryable, the reason logged', async () => {
    const error = await failure(month('2024/01'));
    expect(error).toMatchObject({ type: WebFetchFailureType.Unreachable, nonRetryable: true, message: 'could not fetch http://[fd00:ec2::254]/latest/meta-data/: the address is not reachable or not allowed' });
    expect(logged).toEqual([expect.objectContaining({ reason: 'address', range: 'uniqueLocal' })]);
  });

  it('an archive on a host that is not allowed is refused', async () => {
    expect(await failure(month('2024/03'), { CONVEYOR_FETCH_ALLOW_HOSTS: '' })).toMatchObject({ type: WebFetchFailureType.Unreachable, nonRetryable: true });
  });

  it('a server error stays retryable', async () => {
    expect(await failure(`${site.origin}/status/503`)).toMatchObject({ type: WebFetchFailureType.ServerError, nonRetryable: false });
  });
});
