import { WebFetchFailureType } from './failure-types';
import { permanent } from './fetch-failure';
import { readableText, truncateText } from './readable-text';
import type { ResolveHost } from './resolve-host';
import { safeFetch } from './safe-fetch';
import { webFetchSettings, type WebFetchSettings } from './settings';
import type { UnreachableLog } from './unreachable';

/** A page's readable text, ready for an LLM. */
export interface ReadablePage {
  /** The URL the page finally came from, after redirects. */
  url: string;
  title: string;
  /** The main content as plain text, at most `maxChars` characters. */
  text: string;
  /** Whether `text` was cut to fit `maxChars`. */
  truncated: boolean;
}

export interface WebFetchDeps {
  settings: WebFetchSettings;
  /** The DNS resolver (the system's when absent). */
  resolve?: ResolveHost;
  /** Where the reason a host was unreachable goes (the activity's logger when absent). */
  log?: UnreachableLog;
}

/** The page-fetching activities over explicit dependencies (tests pass their own settings and resolver). */
export function createWebFetchActivities(deps: () => WebFetchDeps) {
  return {
    /**
     * Fetches `url` safely (see safeFetch: refusals of non-public addresses and ports, timeouts, size and
     * content-type limits, redirects checked hop by hop) and extracts its main content as text,
     * cut to `maxChars` (default `CONVEYOR_FETCH_TEXT_BUDGET`). A page with no readable content
     * fails with a non-retryable NoReadableText.
     */
    async fetchReadablePage(input: { url: string; maxChars?: number }): Promise<ReadablePage> {
      const fetchDeps = deps();
      const page = await safeFetch(input.url, fetchDeps);
      const readable = await readableText(page.html, page.url);
      if (!readable) throw permanent(WebFetchFailureType.NoReadableText, `${page.url} has no readable text`, { url: page.url });
      const maxChars = input.maxChars ?? fetchDeps.settings.textBudget;
      return { url: page.url, title: readable.title, ...truncateText(readable.text, maxChars) };
    },
  };
}

// Read when the application loads, so a bad value stops the process at start instead of failing tasks.
webFetchSettings();

/** The activity the example workers register: settings from this process's environment, the system resolver. */
export async function fetchReadablePage(input: { url: string; maxChars?: number }): Promise<ReadablePage> {
  return createWebFetchActivities(() => ({ settings: webFetchSettings() })).fetchReadablePage(input);
}
