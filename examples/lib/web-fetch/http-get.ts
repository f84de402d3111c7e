import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { WebFetchFailureType } from './failure-types';
import { permanent, transient } from './fetch-failure';
import { UnreachableError } from './unreachable';

export interface HopOptions {
  /** The connection goes to the addresses this answers (already checked), never to a fresh DNS answer. */
  lookup: LookupFunction | undefined;
  connectTimeoutMs: number;
  /** Aborted when the whole fetch's time is up. */
  signal: AbortSignal;
}

const HEADERS = {
  'user-agent': 'ConveyorExample/0.1 (page reader)',
  accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
  'accept-encoding': 'gzip, deflate, br',
};

/**
 * One GET, no redirect followed: resolves with the response once its headers arrive. Whatever
 * stops it before the TCP connection is made (refused, unreachable, the connect timeout, the
 * total timeout) is an UnreachableError; a TLS handshake that then stalls is a FetchTimeout.
 */
export function requestHop(url: URL, options: HopOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    let tcpConnected = false;
    // agent: false: a fresh connection per hop, so no pooled socket outlives the address check.
    const request = client.request(url, { method: 'GET', headers: HEADERS, agent: false, lookup: options.lookup, signal: options.signal });
    request.once('socket', (socket) => {
      const connectTimer = setTimeout(
        () => request.destroy(tcpConnected ? connectTimeout(url, options.connectTimeoutMs) : new UnreachableError('connect', { code: 'connect timeout', timeoutMs: options.connectTimeoutMs })),
        options.connectTimeoutMs,
      );
      socket.once('connect', () => (tcpConnected = true));
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
      socket.once('close', () => clearTimeout(connectTimer));
    });
    request.once('response', resolve);
    request.once('error', (error) => reject(tcpConnected ? networkFailure(error, url) : notConnected(error)));
    request.end();
  });
}

/**
 * The decoded body, read as a stream and abandoned as soon as it passes `maxBytes` (counted after
 * decompression, so a small compressed bomb is caught too). Content-Length only lets it stop sooner.
 */
export async function readBody(response: IncomingMessage, url: URL, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge(url, maxBytes);
  }
  const stream = decoded(response);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw tooLarge(url, maxBytes);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    throw networkFailure(error as Error, url);
  } finally {
    response.destroy();
    if (stream !== response) stream.destroy();
  }
  return Buffer.concat(chunks);
}

function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : undefined;
  if (!decoder) return response;
  response.pipe(decoder);
  response.once('error', (error) => decoder.destroy(error));
  return decoder;
}

function tooLarge(url: URL, maxBytes: number) {
  return permanent(WebFetchFailureType.TooLarge, `${url.href} is larger than ${maxBytes} bytes`, { url: url.href, maxBytes });
}

function connectTimeout(url: URL, ms: number) {
  return transient(WebFetchFailureType.FetchTimeout, `no TLS connection to ${url.host} within ${ms} ms`, { url: url.href, timeoutMs: ms });
}

/** An error before the TCP connection was made, whatever it was, as an UnreachableError. */
function notConnected(error: Error): UnreachableError {
  if (error instanceof UnreachableError) return error;
  return new UnreachableError('connect', { code: error.name === 'AbortError' ? 'fetch timeout' : ((error as NodeJS.ErrnoException).code ?? error.message) });
}

/** An error of the request or the body stream as a typed failure (our own failures pass as they are). */
function networkFailure(error: Error, url: URL): Error {
  if ('type' in error && typeof (error as { type: unknown }).type === 'string') return error; // already an ApplicationFailure
  if (error.name === 'AbortError') return transient(WebFetchFailureType.FetchTimeout, `${url.href} was not received in time`, { url: url.href });
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') {
    return permanent(WebFetchFailureType.TlsError, `TLS with ${url.host} failed: ${code}`, { url: url.href, code });
  }
  return transient(WebFetchFailureType.NetworkError, `fetching ${url.href} failed: ${code || error.message}`, { url: url.href, code });
}
