/**
 * The `type` of every ApplicationFailure safe page fetching raises. Refusals and pages that can
 * never work are non-retryable; `NetworkError`, `FetchTimeout` and `ServerError` are retryable,
 * so the activity's retry policy decides how often they are tried.
 */
export const WebFetchFailureType = {
  /** Not an absolute http(s) URL, or a URL carrying a user name or password. */
  UrlRefused: 'UrlRefused',
  /**
   * The host is, or resolves to, an address outside the public internet (loopback, private,
   * link-local, unique-local, carrier-grade NAT, cloud metadata, ...) and is not listed in
   * `CONVEYOR_FETCH_ALLOW_HOSTS`.
   */
  AddressNotAllowed: 'AddressNotAllowed',
  /** The host is not listed in `CONVEYOR_FETCH_ALLOW_HOSTS` while `CONVEYOR_FETCH_ONLY_ALLOWED_HOSTS` is on (refused before any DNS lookup). */
  HostNotAllowed: 'HostNotAllowed',
  /** The host name does not exist (DNS answered that it is unknown). */
  HostNotFound: 'HostNotFound',
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
  /** Retryable: the connection was not established within the connect timeout, or the page not received within the total timeout. */
  FetchTimeout: 'FetchTimeout',
  /** Retryable: the connection was refused, reset or failed for another transient reason. */
  NetworkError: 'NetworkError',
} as const;

export type WebFetchFailureType = (typeof WebFetchFailureType)[keyof typeof WebFetchFailureType];
