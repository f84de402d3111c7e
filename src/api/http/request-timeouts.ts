import type { ServerOptions } from 'node:http';

/** Node's default for receiving a request's headers. */
const NODE_HEADERS_TIMEOUT_MS = 60_000;
/** Node's default for how often it looks for requests past their timeout. */
const NODE_CHECK_INTERVAL_MS = 30_000;

/**
 * Fastify's options that bound how long a client may take to send its request (headers and
 * body): a client trickling its body is answered 408 and cut off. Node's `requestTimeout` covers
 * receiving the request only, never the answer, so event streams and `?wait=` results run as long
 * as they need. No socket idle timeout (`connectionTimeout`): a result request waits silently.
 */
export function requestTimeoutOptions(requestTimeoutMs: number): { requestTimeout: number; http: ServerOptions } {
  return {
    requestTimeout: requestTimeoutMs,
    http: {
      requestTimeout: requestTimeoutMs,
      // Node refuses a headers timeout longer than the request's.
      headersTimeout: Math.min(NODE_HEADERS_TIMEOUT_MS, requestTimeoutMs),
      // Node checks for expired requests this often: a cut comes at most this late.
      connectionsCheckingInterval: Math.min(NODE_CHECK_INTERVAL_MS, Math.max(100, Math.ceil(requestTimeoutMs / 4))),
    },
  };
}
