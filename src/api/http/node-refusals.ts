import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { errorResponse } from '../schemas/error-body';

/** What Node refuses before a request reaches Fastify's routing, by Node's error code. */
const REFUSALS: Record<string, { status: number; code: string; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', message: 'the request was not received in time' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers_too_large', message: 'the request headers are too large' },
};
const MALFORMED = { status: 400, code: 'malformed_request', message: 'the request is not valid HTTP' };

/**
 * Node's refusals (a request not received within CONVEYOR_API_REQUEST_TIMEOUT, headers over
 * Node's limit, bytes that are not HTTP) in the one error shape, then the connection closes.
 * Fastify's own handler answers them in a shape of its own.
 */
export function clientErrorReply(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const refusal = REFUSALS[error.code ?? ''] ?? MALFORMED;
  this.log.debug({ code: error.code }, `client error: ${refusal.code}`);
  // Once part of an answer went out, another would corrupt it: only close.
  if (socket.writable && socket.bytesWritten === 0) {
    const body = JSON.stringify(errorResponse(refusal.code, refusal.message));
    socket.write(
      `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
