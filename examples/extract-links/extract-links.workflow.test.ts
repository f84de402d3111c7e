import { ApplicationFailure, type Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { progressQuery } from 'conveyor/workflow';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StartedTask } from '../../src/temporal/tasks/start-task';
import { failureOf, serveExamples, timeSkippingEnvironment } from '../../test/helpers/workflow-environment';
import { FailureType } from '../failure-types';
import type { MonthPage } from './activities';
import { LINKS_PER_PAGE, MAX_LINKS, MAX_LINKS_BYTES } from './limits';
import { monthOf, previousMonth } from './months';
import type { ExtractLinksParams, ExtractLinksResult } from './schema';

type History = temporal.api.history.v1.IHistory;

const BASE = 'http://archive.test/archive/{tag}';

/** What each run of a task's continue-as-new chain started with, first run first. */
async function runsOf(client: Client, task: StartedTask): Promise<{ runId: string; inputSizes: number[] }[]> {
  const runs: { runId: string; inputSizes: number[] }[] = [];
  let runId: string | undefined = task.runId;
  while (runId) {
    const history: History = await client.workflow.getHandle(task.taskId, runId).fetchHistory();
    const events = history.events ?? [];
    const payloads = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    runs.push({ runId, inputSizes: payloads.map((payload) => payload.data?.length ?? 0) });
    const next: string | null | undefined = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    runId = next ?? undefined;
  }
  return runs;
}

/** extract_links with a mocked fetchArchiveMonth, on the time-skipping server. */
describe('extract_links workflow', () => {
  /** Every URL asked for, in order. */
  let asked: string[];
  /** The links of each month page by URL; a month missing here has no page (404). */
  let archive: Record<string, string[]>;
  /** What the mocked activity does (by default: answers from `archive`). */
  let fetchMonth: (input: { url: string }) => Promise<MonthPage>;

  const answer = async ({ url }: { url: string }): Promise<MonthPage> => {
    const links = archive[url];
    return links ? { url, found: true, links, truncated: false } : { url, found: false, links: [], truncated: false };
  };
  const examples = serveExamples(timeSkippingEnvironment, {
    fetchArchiveMonth: async (input: { url: string }) => {
      asked.push(input.url);
      return fetchMonth(input);
    },
  });
  beforeEach(() => {
    asked = [];
    archive = {};
    fetchMonth = answer;
  });

  const start = (params: Partial<ExtractLinksParams>): Promise<StartedTask> => examples.start('extract_links', { tag: 'tech', archive_base: BASE, ...params });
  const page = (month: string) => `http://archive.test/archive/tech/${month.replace('-', '/')}`;

  it('reads every month from until back to go_back_to, one run per month (continue-as-new), and returns every unique link once', async () => {
    archive = {
      [page('2024-02')]: ['https://a.test/feb-1', 'https://a.test/shared', 'https://a.test/feb-2'],
      [page('2024-01')]: ['https://a.test/jan-1', 'https://a.test/shared', 'https://a.test/feb-2'],
      [page('2023-12')]: ['https://a.test/shared', 'https://a.test/dec-1', 'https://a.test/jan-1'],
      [page('2023-11')]: ['https://a.test/nov-1'],
    };
    const task = await start({ go_back_to: '2023-11', until: '2024-02' });

    const result = (await task.handle.result()) as ExtractLinksResult;
    expect(asked).toEqual([page('2024-02'), page('2024-01'), page('2023-12'), page('2023-11')]);
    expect(result).toEqual({
      tag: 'tech',
      archive_base: 'http://archive.test/archive/tech',
      go_back_to: '2023-11',
      until: '2024-02',
      months: [
        { month: '2024-02', url: page('2024-02'), found: true, links: 3, new_links: 3 },
        { month: '2024-01', url: page('2024-01'), found: true, links: 3, new_links: 1 },
        { month: '2023-12', url: page('2023-12'), found: true, links: 3, new_links: 1 },
        { month: '2023-11', url: page('2023-11'), found: true, links: 1, new_links: 1 },
      ],
      links: ['https://a.test/feb-1', 'https://a.test/shared', 'https://a.test/feb-2', 'https://a.test/jan-1', 'https://a.test/dec-1', 'https://a.test/nov-1'],
      total_links: 6,
      truncated: false,
      dropped_long_links: 0,
    } satisfies ExtractLinksResult);
    const runs = await runsOf(examples.env().client, task);
    expect(runs).toHaveLength(4);
    // The first run starts with the input alone; later ones with the cursor and one page of links.
    expect(runs.map((run) => run.inputSizes.length)).toEqual([1, 3, 3, 3]);
  });

  it('keeps the links so far in pages of at most LINKS_PER_PAGE, each its own payload, so no one payload grows with the crawl', async () => {
    const links = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `https://a.test/${prefix}-${i}`);
    archive = {
      [page('2024-03')]: links('mar', 1500),
      [page('2024-02')]: [...links('mar', 200), ...links('feb', 700)],
      [page('2024-01')]: links('jan', 10),
    };
    const task = await start({ go_back_to: '2024-01', until: '2024-03' });

    const result = (await task.handle.result()) as ExtractLinksResult;
    expect(result.total_links).toBe(1500 + 700 + 10);
    expect(new Set(result.links).size).toBe(result.total_links);
    const runs = await runsOf(examples.env().client, task);
    // Run 2 carries 1,500 links as two pages; run 3 carries 2,200 as three, none above a page's size.
    expect(runs.map((run) => run.inputSizes.length)).toEqual([1, 2 + 2, 2 + 3]);
    const pageSizes = runs[2]!.inputSizes.slice(2);
    const largestPage = Math.max(...pageSizes);
    expect(largestPage).toBeLessThan(LINKS_PER_PAGE * 'https://a.test/mar-1000'.length * 1.2);
    // The cursor stays small however many links there are.
    expect(runs[2]!.inputSizes[1]).toBeLessThan(1000);
  });

  it('until defaults to the month of workflow time', async () => {
    // The month before the submitter's, so the API-side check (go_back_to not in the future) passes.
    const goBackTo = previousMonth(monthOf(new Date()));
    const task = await start({ go_back_to: goBackTo });

    const result = (await task.handle.result()) as ExtractLinksResult;
    // The test server's clock, which the workflow reads, not this process's.
    const started = (await examples.env().client.workflow.getHandle(task.taskId, task.runId).describe()).startTime;
    expect(result.until).toBe(monthOf(started));
    expect(asked[0]).toBe(page(result.until));
    expect(asked.at(-1)).toBe(page(goBackTo));
  });

  it('reports the month it is on, and how far it is, while the month is read', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atFebruary = new Promise<void>((resolve) => (reached = resolve));
    fetchMonth = async (input) => {
      if (input.url === page('2024-02')) {
        reached();
        await released;
      }
      return answer(input);
    };
    const task = await start({ go_back_to: '2024-01', until: '2024-03' });
    await atFebruary;

    expect(await task.handle.query(progressQuery)).toEqual({ percent: 33, stage: 'month 2024-02, 2 of 3' });
    release();
    await task.handle.result();
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 100, stage: 'completed' });
  });

  it('a month without a page counts as found: false with no links, and the crawl goes on', async () => {
    archive = { [page('2024-01')]: ['https://a.test/jan-1'] };
    const task = await start({ go_back_to: '2024-01', until: '2024-02' });

    const result = (await task.handle.result()) as ExtractLinksResult;
    expect(result.months.map((m) => [m.month, m.found, m.links])).toEqual([
      ['2024-02', false, 0],
      ['2024-01', true, 1],
    ]);
    expect(result.links).toEqual(['https://a.test/jan-1']);
  });

  it('a refused month page fails the task with the fetch failure type, tried once', async () => {
    fetchMonth = async () => {
      throw ApplicationFailure.create({ type: FailureType.Unreachable, message: 'could not fetch http://archive.test/: the address is not reachable or not allowed', nonRetryable: true });
    };
    const task = await start({ go_back_to: '2024-01', until: '2024-03' });

    const failure = await failureOf(task);
    expect(failure.cause).toMatchObject({ type: FailureType.Unreachable });
    expect(asked).toEqual([page('2024-03')]);
  });

  it('a transient failure is retried by the activity retry policy and the crawl completes', async () => {
    archive = { [page('2024-01')]: ['https://a.test/jan-1'] };
    let failures = 0;
    fetchMonth = async (input) => {
      if (failures++ === 0) throw ApplicationFailure.create({ type: FailureType.ServerError, message: 'answered 503', nonRetryable: false });
      return answer(input);
    };
    const task = await start({ go_back_to: '2024-01', until: '2024-01' });

    expect(((await task.handle.result()) as ExtractLinksResult).links).toEqual(['https://a.test/jan-1']);
    expect(asked).toEqual([page('2024-01'), page('2024-01')]);
  });

  it(`keeps at most MAX_LINKS unique links, and says the result is truncated`, async () => {
    const links = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `https://a.test/${prefix}-${i}`);
    archive = { [page('2024-02')]: links('feb', 6000), [page('2024-01')]: links('jan', 6000) };
    const task = await start({ go_back_to: '2024-01', until: '2024-02' });

    const result = (await task.handle.result()) as ExtractLinksResult;
    expect(result.total_links).toBe(MAX_LINKS);
    expect(result.links).toHaveLength(MAX_LINKS);
    expect(result.truncated).toBe(true);
    expect(result.months[1]).toMatchObject({ links: 6000, new_links: MAX_LINKS - 6000 });
  });

  it('keeps at most MAX_LINKS_BYTES of links (as JSON) across months, and says the result is truncated', async () => {
    // 200 links of ~1,000 characters a month: 2 months fit, the third only in part.
    const links = (prefix: string) => Array.from({ length: 200 }, (_, i) => `https://a.test/${prefix}-${i}/${'x'.repeat(1000)}`);
    archive = { [page('2024-03')]: links('mar'), [page('2024-02')]: links('feb'), [page('2024-01')]: links('jan') };
    const task = await start({ go_back_to: '2024-01', until: '2024-03' });

    const result = (await task.handle.result()) as ExtractLinksResult;
    const bytes = Buffer.byteLength(JSON.stringify(result.links));
    expect(bytes).toBeLessThanOrEqual(MAX_LINKS_BYTES);
    expect(bytes).toBeGreaterThan(MAX_LINKS_BYTES - 1100);
    expect(result.truncated).toBe(true);
    expect(result.months.map((m) => m.new_links)).toEqual([200, 200, result.total_links - 400]);
    expect(result.total_links).toBeLessThan(600);
  });

  it('says truncated when a month page was cut, and sums the overlong links left out', async () => {
    fetchMonth = async ({ url }) => ({ url, found: true, links: [`${url}/story`], truncated: url === page('2024-02'), droppedLongLinks: 2 });
    const task = await start({ go_back_to: '2024-01', until: '2024-03' });

    const result = (await task.handle.result()) as ExtractLinksResult;
    expect(result).toMatchObject({ total_links: 3, truncated: true, dropped_long_links: 6 });
  });
});
