/** The longest wait a server's Retry-After may ask for; beyond it the retry policy's backoff applies. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * How long a server asked to wait before the next request, in milliseconds: `retry-after-ms`
 * (OpenAI's), else `Retry-After` as seconds or an HTTP date. Undefined when it says nothing usable.
 */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return bounded(ms);
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return bounded(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : bounded(Math.max(0, date - now));
}

function bounded(ms: number): number | undefined {
  return ms <= MAX_RETRY_AFTER_MS ? Math.round(ms) : undefined;
}
