import type { Settings } from '../config';
import { readSse, type SseEvent } from './sse';

/** How long an ordinary request may take before the CLI gives up on the API. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The API refused the request as the caller's mistake (a 4xx: bad input, an unknown task id,
 * missing or insufficient credentials, a task that already ended). The CLI exits 2.
 */
export class ApiRequestError extends Error {
  override name = 'ApiRequestError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A 2xx answer: its status code and parsed JSON body. */
export interface ApiAnswer<T> {
  status: number;
  body: T;
}

export type Query = Record<string, string | number | undefined>;

/** The Task API as the CLI uses it: JSON requests, and Server-Sent Event streams. */
export interface ApiClient {
  readonly url: string;
  get<T>(path: string, query?: Query, options?: { timeoutMs?: number }): Promise<ApiAnswer<T>>;
  post<T>(path: string, query?: Query): Promise<ApiAnswer<T>>;
  /** Follows an event stream until the server ends it or the caller stops iterating. */
  events(path: string): AsyncGenerator<SseEvent>;
}

/** `/tasks/<id><suffix>`, with the id encoded (task ids may hold any character). */
export function taskPath(taskId: string, suffix = ''): string {
  return `/tasks/${encodeURIComponent(taskId)}${suffix}`;
}

/**
 * A client for the API at `settings.url`, sending `settings.key` as a Bearer key. Every failure
 * becomes one line: the API's own `{error: {code, message}}` as an {@link ApiRequestError} (4xx)
 * or an Error (5xx), and an unreachable API as an Error naming the URL.
 */
export function createApiClient(settings: Settings['apiClient']): ApiClient {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (settings.key) headers.authorization = `Bearer ${settings.key}`;

  async function send(method: string, path: string, query: Query | undefined, timeoutMs: number, accept?: string): Promise<Response> {
    const url = `${settings.url}${path}${queryString(query)}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: accept ? { ...headers, accept } : headers,
        ...(timeoutMs > 0 ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
      });
    } catch (error) {
      throw unreachable(settings.url, error);
    }
    if (!response.ok) throw await failureOf(response);
    return response;
  }

  async function json<T>(method: string, path: string, query: Query | undefined, timeoutMs: number): Promise<ApiAnswer<T>> {
    const response = await send(method, path, query, timeoutMs);
    try {
      return { status: response.status, body: (await response.json()) as T };
    } catch (error) {
      throw new Error(`the API at ${settings.url} sent an answer that is not JSON (${oneLine((error as Error).message)}); is CONVEYOR_API_URL right?`);
    }
  }

  return {
    url: settings.url,
    get: (path, query, options) => json('GET', path, query, options?.timeoutMs ?? REQUEST_TIMEOUT_MS),
    post: (path, query) => json('POST', path, query, REQUEST_TIMEOUT_MS),
    async *events(path) {
      // No timeout: a stream lasts as long as the task; the server's keepalives hold it open.
      const response = await send('GET', path, undefined, 0, 'text/event-stream');
      if (!response.body) return;
      yield* readSse(response.body);
    },
  };
}

function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The API's error body as one line; 4xx answers become {@link ApiRequestError}. */
async function failureOf(response: Response): Promise<Error> {
  const text = await response.text().catch(() => '');
  let code = `http_${response.status}`;
  let message = `HTTP ${response.status} ${response.statusText}`.trim();
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // not the API's error shape (a proxy's page, another server): keep the HTTP status
  }
  const line = `${oneLine(message)} (${response.status} ${code})`;
  return response.status >= 400 && response.status < 500 ? new ApiRequestError(response.status, code, line) : new Error(`the API failed: ${line}`);
}

function unreachable(url: string, error: unknown): Error {
  if (error instanceof Error && error.name === 'TimeoutError') return new Error(`the API at ${url} did not answer in time`);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message;
  return new Error(`cannot reach the Conveyor API at ${url} (${oneLine(detail)}); is \`npm start\` (or \`conveyor api\`) running, and CONVEYOR_API_URL right?`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
