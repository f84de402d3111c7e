import { ApplicationFailure, continueAsNew, proxyActivities } from '@temporalio/workflow';
import { setProgress } from 'conveyor/workflow';
import { FailureType } from '../failure-types';
import type { createExtractLinksActivities } from './activities';
import { archiveBase, monthPageUrl } from './archive-url';
import { LINKS_PER_PAGE, MAX_LINKS, MAX_LINKS_BYTES } from './limits';
import { linkBytes } from './link-budget';
import { monthOf, monthsBetween, previousMonth } from './months';
import type { ExtractLinksParams, ExtractLinksResult, MonthSummary } from './schema';

/**
 * Where the crawl stands, carried from one run to the next: small, whatever the number of links
 * (those travel in pages of results, each its own payload).
 */
export interface CrawlCursor {
  /** The newest month, fixed by the first run (from the input, else workflow time). */
  until: string;
  /** The month this run reads. */
  next: string;
  /** What each month read so far came to, newest first (at most MAX_MONTHS entries). */
  months: MonthSummary[];
  /** Whether links were left out: a month page or the result was full (MAX_LINKS links, or MAX_LINKS_BYTES of them). */
  truncated: boolean;
  /** Links longer than MAX_LINK_LENGTH left out so far (absent from cursors written before they were counted). */
  droppedLongLinks?: number;
}

/** Up to LINKS_PER_PAGE unique links, in the order first seen. */
export type LinkPage = string[];

const { fetchArchiveMonth } = proxyActivities<ReturnType<typeof createExtractLinksActivities>>({
  // The fetch gives up on its own (CONVEYOR_FETCH_TIMEOUT); this is only the backstop.
  startToCloseTimeout: '2 minutes',
  // Refusals and pages that cannot work are non-retryable typed failures; the rest is transient.
  retry: { maximumAttempts: 5, initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * extract_links: reads a tag's archive one month page per run, newest month first, and continues
 * as new between months carrying a compact cursor plus the unique links so far in pages of
 * results. The last run returns every unique link of every month.
 */
export async function extractLinks(params: ExtractLinksParams, cursor?: CrawlCursor, ...pages: LinkPage[]): Promise<ExtractLinksResult> {
  // Workflow time is deterministic: the first run's date is replayed as it was.
  const state = cursor ?? firstCursor(params, monthOf(new Date()));
  const total = monthsBetween(params.go_back_to, state.until);
  const done = state.months.length;
  setProgress({ percent: Math.floor((done / total) * 100), stage: `month ${state.next}, ${done + 1} of ${total}` });

  const base = archiveBase(params.tag, params.archive_base);
  const url = monthPageUrl(base, state.next);
  const page = await fetchArchiveMonth({ url });

  const seen = new Set(pages.flat());
  let bytes = pages.flat().reduce((sum, link) => sum + linkBytes(link), 0);
  let newLinks = 0;
  let truncated = state.truncated || page.truncated;
  for (const link of page.links) {
    if (seen.has(link)) continue;
    const size = linkBytes(link);
    if (seen.size >= MAX_LINKS || bytes + size > MAX_LINKS_BYTES) {
      truncated = true;
      break;
    }
    seen.add(link);
    bytes += size;
    addToPages(pages, link);
    newLinks++;
  }
  const months = [...state.months, { month: state.next, url, found: page.found, links: page.links.length, new_links: newLinks }];
  const droppedLongLinks = (state.droppedLongLinks ?? 0) + (page.droppedLongLinks ?? 0);

  if (state.next !== params.go_back_to) {
    await continueAsNew<typeof extractLinks>(params, { until: state.until, next: previousMonth(state.next), months, truncated, droppedLongLinks }, ...pages);
  }
  setProgress({ percent: 100, stage: 'completed' });
  const links = pages.flat();
  return {
    tag: params.tag,
    archive_base: base,
    go_back_to: params.go_back_to,
    until: state.until,
    months,
    links,
    total_links: links.length,
    truncated,
    dropped_long_links: droppedLongLinks,
  };
}

function firstCursor(params: ExtractLinksParams, currentMonth: string): CrawlCursor {
  const until = params.until ?? currentMonth;
  // The schema refused this at submit against the submitter's clock; a task started another way
  // (or at a month's turn) still gets a clear failure instead of an empty crawl.
  if (monthsBetween(params.go_back_to, until) === 0) {
    throw ApplicationFailure.create({ type: FailureType.InvalidMonthRange, message: `go_back_to (${params.go_back_to}) is after until (${until})`, nonRetryable: true });
  }
  return { until, next: until, months: [], truncated: false, droppedLongLinks: 0 };
}

/** Appends to the last page, or starts a new one when it is full. */
function addToPages(pages: LinkPage[], link: string): void {
  const last = pages[pages.length - 1];
  if (last !== undefined && last.length < LINKS_PER_PAGE) last.push(link);
  else pages.push([link]);
}
