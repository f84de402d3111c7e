import { ApplicationFailure } from '@temporalio/activity';
import { WebFetchFailureType } from '../lib/web-fetch/failure-types';
import type { ResolveHost } from '../lib/web-fetch/resolve-host';
import { safeFetch } from '../lib/web-fetch/safe-fetch';
import { webFetchSettings, type WebFetchSettings } from '../lib/web-fetch/settings';
import type { UnreachableLog } from '../lib/web-fetch/unreachable';
import { MAX_LINKS_BYTES, MONTH_LINKS_MAX } from './limits';
import { linksWithin } from './link-budget';
import { pageLinks } from './page-links';

/** One month's archive page, read. */
export interface MonthPage {
  /** The URL the page finally came from (after redirects), or the one asked for when there was none. */
  url: string;
  /** False when the archive answered 404: no page for that month. */
  found: boolean;
  /** Unique, normalised links on the page, at most MONTH_LINKS_MAX of them in at most MAX_LINKS_BYTES. */
  links: string[];
  /** Whether the page had more links than `links` holds. */
  truncated: boolean;
  /** Links on the page longer than MAX_LINK_LENGTH, left out (absent from pages read before they were counted). */
  droppedLongLinks?: number;
}

export interface ExtractLinksDeps {
  settings: WebFetchSettings;
  resolve?: ResolveHost;
  /** Where the reason a host was unreachable goes (the activity's logger when absent). */
  log?: UnreachableLog;
}

export function createExtractLinksActivities(deps: () => ExtractLinksDeps) {
  return {
    /**
     * Reads one month's archive page through the same safe fetch as every page (the same
     * refusals for the page and each redirect) and lists its links, bounded in number and bytes
     * (the answer is one payload) and without overlong ones. A 404 is a month without a
     * page; every other failure is the fetch's own typed failure.
     */
    async fetchArchiveMonth(input: { url: string }): Promise<MonthPage> {
      let page;
      try {
        page = await safeFetch(input.url, deps());
      } catch (error) {
        if (isNotFound(error)) return { url: input.url, found: false, links: [], truncated: false, droppedLongLinks: 0 };
        throw error;
      }
      const { links, droppedLong } = await pageLinks(page.html, page.url);
      const kept = linksWithin(links, MONTH_LINKS_MAX, MAX_LINKS_BYTES);
      return { url: page.url, found: true, links: kept, truncated: kept.length < links.length, droppedLongLinks: droppedLong };
    },
  };
}

function isNotFound(error: unknown): boolean {
  if (!(error instanceof ApplicationFailure) || error.type !== WebFetchFailureType.HttpClientError) return false;
  const [details] = error.details ?? [];
  return (details as { status?: number } | undefined)?.status === 404;
}

/** The activity the example workers register: settings from this process's environment. */
export async function fetchArchiveMonth(input: { url: string }): Promise<MonthPage> {
  return createExtractLinksActivities(() => ({ settings: webFetchSettings() })).fetchArchiveMonth(input);
}
