/**
 * Query parameters that only track where a click came from: dropped, so one article is one link.
 * `source` is Medium's (its archive pages tag every link with where it was listed).
 */
const TRACKING_PARAMS = /^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|igshid|source)$/i;

/**
 * A link as the crawler keeps it, or undefined when it is no web page link: resolved against
 * `base`, http(s) only, without credentials, fragment or tracking parameters, host in lower case
 * and default port dropped (the URL parser does both), and without a trailing slash except for
 * the site root (`/a/b/` and `/a/b` are one page on nearly every site; `https://x.org/` stays).
 */
export function normalizeLink(href: string, base: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.username = '';
  url.password = '';
  url.hash = '';
  for (const name of [...url.searchParams.keys()]) if (TRACKING_PARAMS.test(name)) url.searchParams.delete(name);
  if (url.searchParams.size === 0) url.search = '';
  if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '');
  return url.href;
}
