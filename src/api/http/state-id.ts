import { createHash } from 'node:crypto';

/**
 * The SSE `id:` of an event that carries a whole state (GET /tasks/{id}/events): a short digest of
 * its name and data, so the same state has the same id in every stream and a client that
 * reconnects with it as Last-Event-ID is not sent what it already has.
 */
export function stateId(event: string, data: string): string {
  return createHash('sha256').update(event).update('\n').update(data).digest('base64url').slice(0, 16);
}
