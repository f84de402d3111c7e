import { MAX_LINK_LENGTH } from './limits';
import { normalizeLink } from './normalize-link';

/** linkedom publishes ES-module typings only; a dynamic import loads it from this CommonJS package. */
const linkedom = () => import('linkedom');

/** Links inside these are site chrome, not the archive's list. */
const BOILERPLATE = 'nav, header, footer';

/** An archive page's links, and how many were too long to keep. */
export interface PageLinks {
  links: string[];
  /** Unique links longer than MAX_LINK_LENGTH characters (once normalised), left out of `links`. */
  droppedLong: number;
}

/**
 * The links of an archive page: every `<a href>` outside navigation, header and footer,
 * normalised (see normalizeLink) against the page's `<base href>` or its URL, without the page
 * itself, each once, in page order. A link longer than MAX_LINK_LENGTH is left out and counted:
 * no archive lists such a link, and one page of them would fill a result.
 */
export async function pageLinks(html: string, pageUrl: string): Promise<PageLinks> {
  const { parseHTML } = await linkedom();
  const { document } = parseHTML(html);
  const declaredBase = document.querySelector('base[href]')?.getAttribute('href');
  const base = (declaredBase && URL.canParse(declaredBase, pageUrl) ? new URL(declaredBase, pageUrl).href : undefined) ?? pageUrl;
  const self = normalizeLink(pageUrl, pageUrl);
  const links = new Set<string>();
  const long = new Set<string>();
  for (const anchor of document.querySelectorAll('a[href]')) {
    if (anchor.closest(BOILERPLATE)) continue;
    const link = normalizeLink(anchor.getAttribute('href') ?? '', base);
    if (link === undefined || link === self) continue;
    (link.length > MAX_LINK_LENGTH ? long : links).add(link);
  }
  return { links: [...links], droppedLong: long.size };
}
