import type { FastifyRequest } from 'fastify';
import type { Counter } from 'prom-client';
import { ApiError } from '../api-error';
import { FailureWindows } from './failure-windows';

const MINUTE_MS = 60_000;
/** A user name as far as the log quotes it: enough to recognise, never a whole pasted header. */
const LOGGED_NAME_LENGTH = 64;

/** What a request presented, as far as the guard needs it: never the secret. */
export interface SignInAttempt {
  scheme: 'bearer' | 'basic' | 'unknown';
  /** The Basic user name; undefined for an API key. */
  user: string | undefined;
}

export type SignInFailureReason = 'invalid_credentials' | 'rate_limited';

/**
 * Bounds password and key guessing: failed sign-ins are counted per client address and per user
 * name in one-minute windows, and past CONVEYOR_AUTH_FAILURE_LIMIT the next attempts answer 429
 * before the credentials are checked, so even the right password tells a guesser nothing until the
 * window ends. Only names of configured users are counted by name: a flood of made-up names can
 * neither grow memory nor push a real user's count out (the address count still holds it).
 * Every failure is counted in `conveyor_api_auth_failures_total` and logged without the secret.
 */
export class SignInGuard {
  private readonly failures: FailureWindows;

  constructor(
    limitPerMinute: number,
    private readonly userNames: ReadonlySet<string>,
    private readonly counter: Counter<'reason'>,
  ) {
    this.failures = new FailureWindows(limitPerMinute, MINUTE_MS);
  }

  /** `verify`'s principal, or undefined for wrong credentials; a 429 while the address or the user is blocked. */
  signIn<P>(request: FastifyRequest, attempt: SignInAttempt, verify: () => P | undefined): P | undefined {
    const keys = this.keysOf(request.ip, attempt);
    const waitMs = Math.max(...keys.map((key) => this.failures.blockedForMs(key)));
    if (waitMs > 0) {
      this.fail(request, attempt, 'rate_limited');
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw new ApiError(429, 'too_many_failed_sign_ins', `too many failed sign-ins from this address or for this user; retry in ${seconds} s`, undefined, {
        'retry-after': String(seconds),
      });
    }
    const principal = verify();
    if (principal === undefined) {
      for (const key of keys) this.failures.recordFailure(key);
      this.fail(request, attempt, 'invalid_credentials');
    }
    return principal;
  }

  private keysOf(address: string, attempt: SignInAttempt): string[] {
    const keys = [`address:${address}`];
    if (attempt.user !== undefined && this.userNames.has(attempt.user)) keys.push(`user:${attempt.user}`);
    return keys;
  }

  private fail(request: FastifyRequest, attempt: SignInAttempt, reason: SignInFailureReason): void {
    this.counter.inc({ reason });
    request.log.warn(
      { address: request.ip, scheme: attempt.scheme, ...(attempt.user === undefined ? {} : { user: attempt.user.slice(0, LOGGED_NAME_LENGTH) }), reason },
      reason === 'rate_limited' ? 'sign-in refused: too many failed sign-ins' : 'sign-in failed: invalid credentials',
    );
  }
}
