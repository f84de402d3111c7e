import { createHash } from 'node:crypto';
import type { AnyTaskDefinition } from './define-task';
import { InvalidParamsError } from './errors';

/** Temporal's limit on a fairness key. */
export const FAIRNESS_KEY_MAX_BYTES = 64;

const HASHED_PREFIX = 'sha256:';

/**
 * The fairness key a task takes its share of the queue under: the one the request names (its
 * caller was allowed to), else the one its type derives from its parameters, else its submitter's
 * name. A derived or submitter key longer than Temporal takes is replaced by its hash, so every
 * value still has a key of its own; a key the request names is checked where it is read.
 */
export function fairnessKeyOf(task: AnyTaskDefinition, params: unknown, submitter: string, named?: string): string {
  if (named !== undefined) return named;
  if (task.fairnessKey) return fitted(derivedKey(task, 'fairnessKey', task.fairnessKey, params));
  return fitted(submitter);
}

/** The key per-key concurrency, singletons and debouncing group a task by: its type's `key`, else its fairness key. */
export function flowKeyOf(task: AnyTaskDefinition, params: unknown, fairnessKey: string): string {
  return task.key ? derivedKey(task, 'key', task.key, params) : fairnessKey;
}

function derivedKey(task: AnyTaskDefinition, option: string, derive: (params: never) => unknown, params: unknown): string {
  let key: unknown;
  try {
    key = derive(params as never);
  } catch (error) {
    throw new InvalidParamsError(task.name, [{ field: '', message: `${option} could not be derived: ${(error as Error).message}` }]);
  }
  // A key derived from a missing field must not silently put every such task under one key.
  if (typeof key !== 'string' || key.length === 0) {
    throw new InvalidParamsError(task.name, [{ field: '', message: `${option} must give a non-empty string, got ${key === '' ? 'an empty string' : typeof key}` }]);
  }
  return key;
}

function fitted(key: string): string {
  if (Buffer.byteLength(key) <= FAIRNESS_KEY_MAX_BYTES) return key;
  return HASHED_PREFIX + createHash('sha256').update(key).digest('hex').slice(0, FAIRNESS_KEY_MAX_BYTES - HASHED_PREFIX.length);
}
