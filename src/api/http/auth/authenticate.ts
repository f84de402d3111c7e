import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Credential, Role, Settings } from '../../../config';
import type { Caller } from '../../../temporal/caller';
import { ApiError } from '../api-error';
import type { ApiMetrics } from '../metrics';
import { SignInGuard, type SignInAttempt } from './sign-in-guard';

/** Who is calling, as the task store knows a caller. With CONVEYOR_AUTH=none everyone is the local admin. */
export type Principal = Caller;

/**
 * What a route needs: `public` (no credentials), `identify` (credentials optional: a request
 * without an Authorization header passes as nobody, one with credentials is checked as on every
 * route), `read` (any role), `submit` (submitter or admin), `admin`. Routes without an `access`
 * need `read`: forgetting it never opens a route.
 */
export type Access = 'public' | 'identify' | 'read' | 'submit' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

const ALLOWED: Record<Exclude<Access, 'public' | 'identify'>, readonly Role[]> = {
  read: ['admin', 'submitter', 'viewer'],
  submit: ['admin', 'submitter'],
  admin: ['admin'],
};

const LOCAL_ADMIN: Principal = { name: 'anonymous', role: 'admin' };

/**
 * Authenticates every request (Bearer API keys, HTTP Basic users) and checks the route's access.
 * Wrong credentials count towards the sign-in limit ({@link SignInGuard}).
 */
export function installAuth(app: FastifyInstance, api: Settings['api'], metrics: ApiMetrics): void {
  const verify = credentialVerifier(api.credentials);
  const userNames = new Set(api.credentials.filter((c) => c.kind === 'user').map((c) => c.name));
  const guard = new SignInGuard(api.authFailureLimitPerMinute, userNames, metrics.authFailures);
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', (request, _reply, done) => {
    const access = request.routeOptions.config.access ?? 'read';
    if (access === 'public' || api.auth === 'none') {
      setPrincipal(request, LOCAL_ADMIN);
      done();
      return;
    }
    const header = request.headers.authorization;
    if (!header && access === 'identify') {
      done();
      return;
    }
    const presented = parseAuthorization(header);
    const attempt: SignInAttempt = { scheme: presented ? (presented.kind === 'user' ? 'basic' : 'bearer') : 'unknown', user: presented?.name };
    // No header at all is no attempt: nothing to count.
    const principal = header ? guard.signIn(request, attempt, () => (presented ? verify(presented) : undefined)) : undefined;
    if (!principal) {
      // Bearer only: a Basic challenge would make a browser pop up its own prompt over the dashboard's sign-in.
      throw new ApiError(401, 'unauthorized', 'missing or invalid credentials (Bearer API key or HTTP Basic)', undefined, {
        'www-authenticate': 'Bearer realm="conveyor"',
      });
    }
    if (access !== 'identify' && !ALLOWED[access].includes(principal.role)) {
      throw new ApiError(403, 'forbidden', `role ${principal.role} may not do this`);
    }
    setPrincipal(request, principal);
    done();
  });
}

/**
 * The caller of an `identify` route (GET /me): the local admin with CONVEYOR_AUTH=none, undefined
 * when the request carried no credentials (wrong ones never get this far: 401).
 */
export function callerOf(request: FastifyRequest): Principal | undefined {
  return (request.principal as Principal | null) ?? undefined;
}

/** Whether the caller sees worker identities (`pid@hostname`): whoever may read GET /workers (CONVEYOR_WORKERS_ACCESS). */
export function seesWorkers(principal: Principal, api: Settings['api']): boolean {
  return ALLOWED[api.workersAccess].includes(principal.role);
}

function setPrincipal(request: FastifyRequest, principal: Principal): void {
  request.principal = principal;
}

/** Compares secrets as SHA-256 digests in constant time, and checks every credential, so timing tells nothing. */
function credentialVerifier(credentials: Credential[]): (presented: PresentedCredential) => Principal | undefined {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  const known = credentials.map((c) => ({ ...c, name: c.name, digest: digest(c.secret) }));
  return (presented) => {
    const presentedDigest = digest(presented.secret);
    let match: Principal | undefined;
    for (const credential of known) {
      const kindMatches = presented.kind === credential.kind && (presented.kind === 'api-key' || presented.name === credential.name);
      if (timingSafeEqual(presentedDigest, credential.digest) && kindMatches) match = { name: credential.name, role: credential.role };
    }
    return match;
  };
}

interface PresentedCredential {
  kind: Credential['kind'];
  name?: string;
  secret: string;
}

function parseAuthorization(header: string | undefined): PresentedCredential | undefined {
  const [scheme, value] = (header ?? '').split(' ', 2);
  if (!scheme || !value) return undefined;
  if (scheme.toLowerCase() === 'bearer') return { kind: 'api-key', secret: value.trim() };
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return undefined;
    return { kind: 'user', name: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  return undefined;
}
