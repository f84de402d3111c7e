import { createHash } from 'node:crypto';
import { InvalidCursor } from '../store-errors';

const GRPC_UNKNOWN = 2;
const GRPC_INVALID_ARGUMENT = 3;
const CURSOR_CHECKSUM_BYTES = 8;

/**
 * A cursor is Temporal's page token followed by a checksum of it, base64url-encoded: a cursor
 * this store did not hand out is refused here ({@link InvalidCursor}) instead of reaching Temporal, whose SQL
 * visibility answers a garbage token with a retryable UNKNOWN. One forged with a valid checksum
 * is refused too, a second later, from {@link pageTokenWasTheProblem}.
 */
export function encodeCursor(token: Uint8Array): string {
  return Buffer.concat([token, cursorChecksum(token)]).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Uint8Array | undefined {
  if (!cursor) return undefined;
  const bytes = Buffer.from(cursor, 'base64url');
  const token = bytes.subarray(0, bytes.length - CURSOR_CHECKSUM_BYTES);
  if (token.length === 0 || !cursorChecksum(token).equals(bytes.subarray(token.length))) throw new InvalidCursor('not a cursor this API returned');
  return token;
}

function cursorChecksum(token: Uint8Array): Buffer {
  return createHash('sha256').update(token).digest().subarray(0, CURSOR_CHECKSUM_BYTES);
}

/**
 * Whether a failed page read failed because of its token. Visibility stores refuse a token they
 * cannot read with INVALID_ARGUMENT (SQL) or a bare UNKNOWN: if the same query reads without the
 * token, the token was the caller's mistake (400), not a server fault (500).
 */
export async function pageTokenWasTheProblem(error: unknown, readWithoutToken: () => Promise<unknown>): Promise<boolean> {
  const code = (error as { code?: unknown }).code;
  if (code === GRPC_INVALID_ARGUMENT) return true;
  if (code !== GRPC_UNKNOWN) return false;
  try {
    await readWithoutToken();
    return true;
  } catch {
    return false;
  }
}
