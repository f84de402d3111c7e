import http from 'node:http';

export interface JsonAnswer<T> {
  status: number;
  body: T;
}

export interface RequestOptions {
  /** Sent besides the body's own (e.g. `idempotency-key`). */
  headers?: http.OutgoingHttpHeaders;
  /** Fails the request when the socket stays silent this long. */
  timeoutMs?: number;
}

/**
 * A lean HTTP/1.1 client for benchmarks: node:http over kept-alive sockets, each request written
 * in one piece, as load tools such as wrk do. Node's fetch adds client-side latency of its own
 * (measured separately in bench/api.ts), which is the client's cost, not the API's.
 */
export function jsonClient(base: string, maxSockets: number) {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const request = <T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<JsonAnswer<T>> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const bodyHeaders: http.OutgoingHttpHeaders = payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
      const headers = { ...options.headers, ...bodyHeaders };
      const call = http.request({ host: url.hostname, port: url.port, path, method, agent, headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as T });
          } catch (error) {
            reject(new Error(`${method} ${path} answered ${response.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`, { cause: error }));
          }
        });
        response.on('error', reject);
      });
      call.on('error', reject);
      // A request to a process that hangs (its peer gone without a reset) fails instead of waiting forever.
      if (options.timeoutMs !== undefined) call.setTimeout(options.timeoutMs, () => call.destroy(new Error(`${method} ${path}: no answer within ${options.timeoutMs} ms`)));
      call.end(payload);
    });
  return { request, close: () => agent.destroy() };
}

export type JsonClient = ReturnType<typeof jsonClient>;
