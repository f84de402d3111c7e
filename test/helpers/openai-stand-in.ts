import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer the stand-in gives: a status, headers and a raw body (so it can be malformed). */
export interface StandInReply {
  status: number;
  headers?: Record<string, string>;
  body: string;
  /** Answer only after this long (a server slower than the client's timeout). */
  delayMs?: number;
}

/** A request the stand-in received, as it came over the wire. */
export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: { model?: string; response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } }; messages?: { role: string; content: string }[] };
  at: number;
}

export interface OpenAiStandIn {
  /** The base URL the `openai` client is given (`…/v1`). */
  baseURL: string;
  requests: ReceivedRequest[];
  /** Answers the next requests with these, in order, before answering normally again. */
  reply(...replies: StandInReply[]): void;
  close(): Promise<void>;
}

/** A chat completion whose message content is `content`, as an OpenAI-compatible server sends it. */
export function completion(content: string, model = 'stand-in-model'): StandInReply {
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: 'chatcmpl-stand-in',
      object: 'chat.completion',
      created: 1_700_000_000,
      model,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
    }),
  };
}

/** An OpenAI-style error answer. */
export function apiError(status: number, message: string, type: string, headers: Record<string, string> = {}): StandInReply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ error: { message, type, code: null, param: null } }) };
}

/** What the stand-in answers by default: each structured output it is asked for, else a summary. */
export const STAND_IN_ANSWERS = {
  summary: 'Ada Lovelace wrote the first published program, for the Analytical Engine.',
  entities: { entities: [{ name: 'Ada Lovelace', type: 'person' }, { name: 'London', type: 'place' }, { name: 'Analytical Engine', type: 'other' }] },
  classification: { category: 'technology', confidence: 0.92 },
} as const;

function defaultReply(body: ReceivedRequest['body']): StandInReply {
  const name = body.response_format?.json_schema?.name;
  if (name === 'entities') return completion(JSON.stringify(STAND_IN_ANSWERS.entities), body.model);
  if (name === 'classification') return completion(JSON.stringify(STAND_IN_ANSWERS.classification), body.model);
  return completion(STAND_IN_ANSWERS.summary, body.model);
}

/**
 * A stand-in OpenAI-compatible server on a loopback port: `POST /v1/chat/completions` answers the
 * replies queued with `reply` (429s, 500s, malformed JSON, ...), then plausible completions. It
 * records every request, headers included, so tests can check what the real client sent.
 */
export async function startOpenAiStandIn(): Promise<OpenAiStandIn> {
  const requests: ReceivedRequest[] = [];
  const queued: StandInReply[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body: ReceivedRequest['body'] = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedRequest['body'];
      } catch {
        // recorded as empty: the test asserts what it expected to arrive
      }
      requests.push({ path: request.url ?? '', headers: request.headers, body, at: Date.now() });
      const answer = request.method === 'POST' && request.url === '/v1/chat/completions' ? (queued.shift() ?? defaultReply(body)) : apiError(404, 'no such route', 'invalid_request_error');
      const send = () => {
        if (!response.destroyed) response.writeHead(answer.status, answer.headers).end(answer.body);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (...replies) => queued.push(...replies),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
