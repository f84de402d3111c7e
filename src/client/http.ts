import { ConveyorApiError, ConveyorUnreachableError } from './errors';
import { readSse, type SseEvent } from './sse';
import { splitCredentials } from './url-credentials';

/** How long an ordinary request may take before the client gives up on the API. */
const REQUEST_TIMEOUT_MS = 30_000;

/** A 2xx answer: its status code and parsed JSON body. */
export interface HttpAnswer<T> {
  status: number;
  body: T;
}

export type Query = Record<string, string | number | undefined>;

export interface RequestOptions {
  query?: Query;
  /** A JSON body (POST). */
  body?: unknown;
  headers?: Record<string, string>;
  /** 0 for none. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The Task API over HTTP: JSON requests, and Server-Sent Event streams. */
export interface HttpClient {
  readonly url: string;
  request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options?: RequestOptions): Promise<HttpAnswer<T>>;
  /**
   * Follows an event stream until the server ends it, the caller stops iterating, or `signal`
   * aborts (closing the connection at once). `lastEventId` resumes a stream: the `id` of the last
   * event read before, sent as Last-Event-ID.
   */
  events(path: string, options?: EventStreamOptions): AsyncGenerator<SseEvent>;
  /** {@link events}, once the server has answered: it rejects if the stream cannot be opened. */
  openEvents(path: string, options?: EventStreamOptions): Promise<AsyncGenerator<SseEvent>>;
}

export interface EventStreamOptions {
  signal?: AbortSignal;
  lastEventId?: string | undefined;
}

/** `/tasks/<id><suffix>`, with the id encoded (task ids may hold any character). */
export function taskPath(taskId: string, suffix = ''): string {
  return `/tasks/${encodeURIComponent(taskId)}${suffix}`;
}

/** `/schedules/<id><suffix>`, with the id encoded (a submitter's full id holds `:`). */
export function schedulePath(scheduleId: string, suffix = ''): string {
  return `/schedules/${encodeURIComponent(scheduleId)}${suffix}`;
}

/**
 * A client for the API at `url`, sending `apiKey` as a Bearer key. Every failure is one line: the
 * API's own `{error: {code, message}}` as a {@link ConveyorApiError}, and no answer at all as a
 * {@link ConveyorUnreachableError} naming the URL. A user and password in the URL travel as HTTP
 * Basic (an API key wins) and are never named: `url` and every message show the URL without them.
 */
export function createHttpClient(options: { url: string; apiKey?: string | undefined; basic?: { user: string; password: string } | undefined }): HttpClient {
  const { shown: url, basic: basicInUrl } = splitCredentials(options.url);
  // A browser signs in with a user and password that never go into a URL.
  const basic = options.basic ?? basicInUrl;
  // This client reads Conveyor's own words, also from an API that answers the previous task
  // system's by default (CONVEYOR_API_VOCABULARY=legacy).
  const headers: Record<string, string> = { accept: 'application/json', 'conveyor-vocabulary': 'conveyor' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  else if (basic) headers.authorization = `Basic ${base64Utf8(`${basic.user}:${basic.password}`)}`;

  async function send(method: string, path: string, request: RequestOptions, accept?: string): Promise<Response> {
    const timeoutMs = request.timeoutMs ?? REQUEST_TIMEOUT_MS;
    const signals = [...(request.signal ? [request.signal] : []), ...(timeoutMs > 0 ? [AbortSignal.timeout(timeoutMs)] : [])];
    let response: Response;
    try {
      response = await fetch(`${url}${path}${queryString(request.query)}`, {
        method,
        headers: {
          ...headers,
          ...(accept ? { accept } : {}),
          // Every POST says JSON, also one without a body: the API refuses any other (a web page's
          // cross-site POST cannot say JSON without the API's consent).
          ...(request.body === undefined && method !== 'POST' ? {} : { 'content-type': 'application/json' }),
          ...request.headers,
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
      });
    } catch (error) {
      throw unreachable(url, error);
    }
    if (!response.ok) throw await failureOf(response);
    return response;
  }

  async function openEvents(path: string, options: EventStreamOptions = {}): Promise<AsyncGenerator<SseEvent>> {
    // No timeout: a stream lasts as long as the task; the server's keepalives hold it open.
    const resume = options.lastEventId === undefined ? {} : { headers: { 'last-event-id': options.lastEventId } };
    const response = await send('GET', path, { timeoutMs: 0, ...resume, ...(options.signal ? { signal: options.signal } : {}) }, 'text/event-stream');
    // An answer without a body (none of the API's) holds no events.
    return readSse(response.body ?? new Blob([]).stream());
  }

  return {
    url,
    async request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, request: RequestOptions = {}): Promise<HttpAnswer<T>> {
      const response = await send(method, path, request);
      try {
        return { status: response.status, body: (await response.json()) as T };
      } catch (error) {
        throw new ConveyorApiError(response.status, 'not_json', `the API at ${url} sent an answer that is not JSON (${oneLine((error as Error).message)}); is the URL right?`);
      }
    },
    openEvents,
    async *events(path, options = {}) {
      yield* await openEvents(path, options);
    },
  };
}

function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The API's error body as a {@link ConveyorApiError}; another server's answer keeps its HTTP status. */
async function failureOf(response: Response): Promise<ConveyorApiError> {
  const text = await response.text().catch(() => '');
  let code = `http_${response.status}`;
  let message = `HTTP ${response.status} ${response.statusText}`.trim();
  let details: unknown;
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
    details = body.error?.details;
  } catch {
    // not the API's error shape (a proxy's page, another server): keep the HTTP status
  }
  return new ConveyorApiError(response.status, code, oneLine(message), details, retryAfterSeconds(response.headers.get('retry-after')));
}

/** `Retry-After` in seconds (the API sends seconds; an HTTP date from something in between counts from now). */
function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

function unreachable(url: string, error: unknown): Error {
  if (error instanceof Error && error.name === 'TimeoutError') return new ConveyorUnreachableError(url, 'no answer in time');
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return new ConveyorUnreachableError(url, oneLine(cause?.code ?? cause?.message ?? (error as Error).message));
}

/** Base64 of the UTF-8 bytes, as HTTP Basic wants them; `btoa` alone takes Latin-1 only. */
function base64Utf8(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
