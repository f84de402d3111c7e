import type { IncomingMessage } from 'node:http';
import type { LookupFunction } from 'node:net';
import { ipLiteral, refusedRange } from './address-policy';
import { effectivePort, isAllowedHost } from './allow-hosts';
import { WebFetchFailureType } from './failure-types';
import { permanent, redacted, transient } from './fetch-failure';
import { readBody, requestHop } from './http-get';
import { pinnedLookup, resolveChecked, systemResolver, type ResolveHost } from './resolve-host';
import type { WebFetchSettings } from './settings';
import { activityLog, UnreachableError, unreachableFailure, type UnreachableLog } from './unreachable';

/** An HTML page as received. */
export interface FetchedPage {
  /** The URL the page finally came from, after redirects. */
  url: string;
  html: string;
}

export interface SafeFetchDeps {
  settings: WebFetchSettings;
  resolve?: ResolveHost;
  /** Where the reason a host was unreachable goes (the activity's logger when absent). */
  log?: UnreachableLog;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
/** The ports of the web; any other needs its host in the allow list. */
const WEB_PORTS = new Set([80, 443]);

/**
 * GETs an HTML page from the public internet. Every hop (the URL and each redirect's target) is
 * checked again: http(s) only, no credentials, port 80 or 443, and an address outside the public
 * internet is refused, unless its host is in the allow list. Connect and total timeouts, a
 * body-size limit and a content-type check apply. A hop whose host is refused or cannot be
 * connected to fails with one non-retryable Unreachable whatever the reason (logged here, not
 * told); other refusals are non-retryable typed failures; trouble after the connection is made,
 * timeouts and 5xx/408/429 answers are retryable ones.
 */
export async function safeFetch(address: string, deps: SafeFetchDeps): Promise<FetchedPage> {
  const { settings } = deps;
  const resolve = deps.resolve ?? systemResolver;
  const signal = AbortSignal.timeout(settings.totalTimeoutMs);
  let url = parseUrl(address);
  for (let redirects = 0; ; redirects++) {
    const response = await reachable(url, deps.log ?? activityLog, () => hop(url, deps, resolve, signal));
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode ?? 0)) return { url: url.href, html: await htmlBody(response, url, settings, signal) };
    response.destroy();
    if (location === undefined || location === '') throw permanent(WebFetchFailureType.TooManyRedirects, `${url.href} redirects without a Location`, { url: url.href });
    if (redirects >= settings.maxRedirects) {
      throw permanent(WebFetchFailureType.TooManyRedirects, `${address} redirects more than ${settings.maxRedirects} time(s)`, { url: url.href, maxRedirects: settings.maxRedirects });
    }
    url = parseUrl(location, url);
  }
}

/** Runs one hop; an UnreachableError is logged with its reason and becomes the failure that does not tell it. */
async function reachable<T>(url: URL, log: UnreachableLog, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof UnreachableError)) throw error;
    log(`not fetching ${url.href}: ${error.reason}`, { url: url.href, reason: error.reason, ...error.detail });
    throw unreachableFailure(url);
  }
}

/** One request, after the URL's checks; a timed-out total surfaces as FetchTimeout once connected. */
async function hop(url: URL, deps: SafeFetchDeps, resolve: ResolveHost, signal: AbortSignal): Promise<IncomingMessage> {
  const allowed = isAllowedHost(url, deps.settings.allowHosts);
  if (!allowed && deps.settings.onlyAllowedHosts) throw new UnreachableError('not-listed', { host: url.host });
  const port = effectivePort(url);
  if (!allowed && !WEB_PORTS.has(port)) throw new UnreachableError('port', { host: url.hostname, port });
  const literal = ipLiteral(url.hostname);
  let lookup: LookupFunction | undefined;
  if (literal !== undefined) {
    const range = refusedRange(literal);
    if (range !== undefined && !allowed) throw new UnreachableError('address', { host: url.hostname, address: literal, range });
  } else {
    lookup = pinnedLookup(await resolveChecked(url.hostname, resolve, allowed));
  }
  return timedOut(signal, url, () => requestHop(url, { lookup, connectTimeoutMs: deps.settings.connectTimeoutMs, signal }));
}

async function htmlBody(response: IncomingMessage, url: URL, settings: WebFetchSettings, signal: AbortSignal): Promise<string> {
  const status = response.statusCode ?? 0;
  if (status === 408 || status === 429 || status >= 500) {
    response.destroy();
    throw transient(WebFetchFailureType.ServerError, `${url.href} answered ${status}`, { url: url.href, status });
  }
  if (status < 200 || status >= 300) {
    response.destroy();
    throw permanent(WebFetchFailureType.HttpClientError, `${url.href} answered ${status}`, { url: url.href, status });
  }
  const [mediaType = '', ...parameters] = String(response.headers['content-type'] ?? '').split(';').map((part) => part.trim());
  if (!HTML_TYPES.has(mediaType.toLowerCase())) {
    response.destroy();
    throw permanent(WebFetchFailureType.WrongContentType, `${url.href} is ${mediaType || 'of no declared type'}, not HTML`, { url: url.href, contentType: mediaType });
  }
  const body = await timedOut(signal, url, () => readBody(response, url, settings.maxBytes));
  return decodeText(body, parameters);
}

/** The body as text in the charset the Content-Type names (UTF-8 when it names none, or one unknown). */
function decodeText(body: Buffer, parameters: string[]): string {
  const charset = parameters.map((p) => /^charset=["']?([^"']+)/i.exec(p)?.[1]).find((c) => c !== undefined);
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

/**
 * Runs `work`; once the total time is up, whatever it failed with becomes a FetchTimeout, unless
 * no connection was made (an UnreachableError stays one, so a timeout cannot tell a filtered port).
 */
async function timedOut<T>(signal: AbortSignal, url: URL, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (signal.aborted && !(error instanceof UnreachableError)) throw transient(WebFetchFailureType.FetchTimeout, `${url.href} was not received within the fetch timeout`, { url: url.href });
    throw error;
  }
}

/**
 * An absolute http(s) URL without credentials, resolved against `base` for a redirect. A URL
 * with a user name or password is refused, and named without them.
 */
export function parseUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw permanent(WebFetchFailureType.UrlRefused, 'not an absolute URL', {});
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw permanent(WebFetchFailureType.UrlRefused, `only http and https URLs are fetched, not ${url.protocol}`, { scheme: url.protocol });
  }
  if (url.username || url.password) throw permanent(WebFetchFailureType.UrlRefused, `${redacted(url)} carries credentials, which are refused`, { url: redacted(url) });
  url.hash = '';
  return url;
}
