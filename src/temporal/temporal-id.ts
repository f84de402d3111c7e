import { z } from 'zod';

/**
 * The longest id Temporal takes, in UTF-8 bytes: the server's dynamic config `limit.maxIDLength`
 * (default 1000) bounds workflow ids, task queue names, signal and query names alike.
 */
export const TEMPORAL_MAX_ID_BYTES = 1000;

/** A lone UTF-16 surrogate: no UTF-8 encoding exists for it, and gRPC refuses the string. */
const LONE_SURROGATE = /\p{Cs}/u;

/** What Temporal's gRPC can carry: a string with a UTF-8 form. */
export function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

export const NOT_WELL_FORMED = 'must be well-formed Unicode (a lone surrogate has no UTF-8 form)';

/**
 * True when the string holds a NUL. PostgreSQL's text cannot: a Temporal cluster on PostgreSQL
 * fails every call that carries one (UNAVAILABLE), where the dev server's SQLite takes it. So a
 * submitted id may not hold one, and an id that does names no task.
 */
export function holdsNul(value: string): boolean {
  return value.includes('\u0000');
}

export const HOLDS_NUL = 'must not contain a NUL character (a Temporal cluster on PostgreSQL cannot store one)';

export function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/**
 * A string Conveyor may hand Temporal as (part of) an id: well-formed Unicode, at most `maxBytes`
 * UTF-8 bytes. Checked here so that Temporal never refuses it (a 500 before); `maxLength` in the
 * document is the same bound in characters, which a string within the bytes never exceeds.
 */
export function temporalIdString(maxBytes: number): z.ZodString {
  return z
    .string()
    .min(1)
    .max(maxBytes)
    .refine(isWellFormed, NOT_WELL_FORMED)
    .refine((value) => utf8Bytes(value) <= maxBytes, `must be at most ${maxBytes} bytes in UTF-8`);
}
