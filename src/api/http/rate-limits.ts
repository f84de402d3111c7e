import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Settings } from '../../config';
import type { ZodApp } from '../context';
import { ApiError } from './api-error';

const MINUTE_MS = 60_000;

/** The 429 a limiter throws past its budget; the error handler answers it in the one error shape. */
function refusal(what: string, setting: string): NonNullable<RateLimitOptions['errorResponseBuilder']> {
  return (_request, context) => {
    const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
    return new ApiError(
      429,
      'rate_limited',
      `at most ${context.max} ${what} a minute per caller (${setting}); retry in ${seconds} s`,
      { limit_per_minute: context.max, retry_after_seconds: seconds },
      { 'retry-after': String(seconds) },
    );
  };
}

/** Route preHandlers that count each principal's requests and answer 429 `rate_limited` past the limit. */
export interface RateLimits {
  /** POST /tasks and POST /tasks/submit, one count for both (CONVEYOR_SUBMIT_RATE_LIMIT). */
  submits: preHandlerAsyncHookHandler;
  /** POST /schedules (CONVEYOR_SCHEDULE_RATE_LIMIT). */
  scheduleCreations: preHandlerAsyncHookHandler;
}

/**
 * The per-principal rate limits, on @fastify/rate-limit's store and windows. They run as
 * preHandlers, after authentication has named the principal (a rejected credential costs no one's
 * budget) and after validation (a malformed request is answered 400 and costs nothing either).
 * The plugin is registered in a context of its own, before anything else registers it: its
 * limiters are these two only, and no other route gets one by accident.
 */
export async function createRateLimits(app: ZodApp, api: Settings['api']): Promise<RateLimits> {
  let limits: RateLimits | undefined;
  await app.register(async (scope) => {
    await scope.register(rateLimit, { global: false, keyGenerator: (request: FastifyRequest) => request.principal.name });
    // One limiter per budget: the two submit routes share one count, so the alias is no second budget.
    limits = {
      submits: scope.rateLimit({ max: api.submitRateLimitPerMinute, timeWindow: MINUTE_MS, errorResponseBuilder: refusal('submits', 'CONVEYOR_SUBMIT_RATE_LIMIT') }),
      scheduleCreations: scope.rateLimit({
        max: api.scheduleRateLimitPerMinute,
        timeWindow: MINUTE_MS,
        errorResponseBuilder: refusal('schedules created', 'CONVEYOR_SCHEDULE_RATE_LIMIT'),
      }),
    };
  });
  if (!limits) throw new Error('the rate limits were not set up');
  return limits;
}
