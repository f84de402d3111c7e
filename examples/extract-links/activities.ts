import { ApplicationFailure } from '@temporalio/activity';
import { WebFetchFailureType } from '../web-fetch/failure-types';
import type { ResolveHost } from '../web-fetch/resolve-host';
import { safeFetch } from '../web-fetch/safe-fetch';
import { webFetchSettings, type WebFetchSettings } from '../web-fetch/settings';
import { MONTH_LINKS_MAX } from './limits';
import { pageLinks } from './page-links';

/** One month's archive page, read. */
export interface MonthPage {
  /** The URL the page finally came from (after redirects), or the one asked for when there was none. */
  url: string;
  /** False when the archive answered 404: no page for that month. */
  found: boolean;
  /** Unique, normalised links on the page, at most MONTH_LINKS_MAX. */
  links: string[];
  truncated: boolean;
}

export interface ExtractLinksDeps {
  settings: WebFetchSettings;
  resolve?: ResolveHost;
}

export function createExtractLinksActivities(deps: () => ExtractLinksDeps) {
  return {
    /**
     * Reads one month's archive page through the same safe fetch as every page (the same
     * refusals for the page and each redirect) and lists its links. A 404 is a month without a
     * page; every other failure is the fetch's own typed failure.
     */
    async fetchArchiveMonth(input: { url: string }): Promise<MonthPage> {
      const { settings, resolve } = deps();
      let page;
      try {
        page = await safeFetch(input.url, { settings, resolve });
      } catch (error) {
        if (isNotFound(error)) return { url: input.url, found: false, links: [], truncated: false };
        throw error;
      }
      const links = await pageLinks(page.html, page.url);
      return { url: page.url, found: true, links: links.slice(0, MONTH_LINKS_MAX), truncated: links.length > MONTH_LINKS_MAX };
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
