/**
 * The `type` of every ApplicationFailure safe page fetching raises. Refusals, unreachable hosts
 * and pages that can never work are non-retryable; `NetworkError`, `FetchTimeout` and
 * `ServerError` (all after a TCP connection was made) are retryable, so the activity's retry
 * policy decides how often they are tried.
 */
export const WebFetchFailureType = {
  /** Not an absolute http(s) URL, or a URL carrying a user name or password. */
  UrlRefused: 'UrlRefused',
  /**
   * The URL's host could not be, or may not be, connected to; which of these the caller is not
   * told (the worker's log says), so a task cannot map a network: the host is, or resolves to, an
   * address outside the public internet; its port is neither 80 nor 443; it is not listed while
   * `CONVEYOR_FETCH_ONLY_ALLOWED_HOSTS` is on (hosts in `CONVEYOR_FETCH_ALLOW_HOSTS` are exempt
   * from the first two); DNS does not know it or failed; or no TCP connection was made (refused,
   * unreachable, timed out). Never retried, whichever it was: retrying only some would tell them apart.
   */
  Unreachable: 'Unreachable',
  /** More redirects than `CONVEYOR_FETCH_MAX_REDIRECTS`, or a redirect without a usable Location. */
  TooManyRedirects: 'TooManyRedirects',
  /** The body is larger than `CONVEYOR_FETCH_MAX_BYTES` (counted while reading, after decompression). */
  TooLarge: 'TooLarge',
  /** The page is not HTML (`text/html` or `application/xhtml+xml`). */
  WrongContentType: 'WrongContentType',
  /** The server answered 4xx other than 408 and 429: asking again will not change it. */
  HttpClientError: 'HttpClientError',
  /** The TLS handshake failed (an invalid or untrusted certificate): not retried. */
  TlsError: 'TlsError',
  /** The page holds no readable main content. */
  NoReadableText: 'NoReadableText',
  /** Retryable: the server answered 5xx, 408 or 429. */
  ServerError: 'ServerError',
  /** Retryable: the TLS handshake did not finish within the connect timeout, or the page was not received within the total timeout. */
  FetchTimeout: 'FetchTimeout',
  /** Retryable: the connection, once made, was reset or failed for another transient reason. */
  NetworkError: 'NetworkError',
} as const;

export type WebFetchFailureType = (typeof WebFetchFailureType)[keyof typeof WebFetchFailureType];
