/** An error the API answers with a chosen status and code, in the one error shape. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** How long a client should wait before retrying while Temporal is unreachable. */
const RETRY_AFTER_SECONDS = '5';

export const temporalUnavailable = (): ApiError =>
  new ApiError(503, 'temporal_unavailable', 'Temporal is not reachable right now; retry later', undefined, { 'retry-after': RETRY_AFTER_SECONDS });

/** Temporal's own rate limit refused a call (RESOURCE_EXHAUSTED): the API is busy, not broken. */
export const temporalRateLimited = (): ApiError =>
  new ApiError(503, 'temporal_rate_limited', "Temporal's rate limit refused the request; retry later", undefined, { 'retry-after': RETRY_AFTER_SECONDS });
