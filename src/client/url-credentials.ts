/**
 * A Task API URL may carry a user and password (`http://user:pass@host`). They never reach a
 * message or a log: the client sends them as HTTP Basic and names the URL without them.
 */
export interface ApiUrl {
  /** The URL without credentials and without a trailing slash: safe to print. */
  shown: string;
  /** `user:password` from the URL, when it carries them. */
  basic: { user: string; password: string } | undefined;
}

export function splitCredentials(url: string): ApiUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL fetch can use either; the request fails naming it. Cut anything up to an `@` so a
    // malformed URL with credentials still shows none.
    return { shown: url.replace(/\/\/[^/]*@/, '//').replace(/\/+$/, ''), basic: undefined };
  }
  const basic = parsed.username || parsed.password ? { user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) } : undefined;
  parsed.username = '';
  parsed.password = '';
  return { shown: parsed.toString().replace(/\/+$/, ''), basic };
}

/** `url` as it may be printed: without a user or password. */
export function withoutCredentials(url: string): string {
  return splitCredentials(url).shown;
}
