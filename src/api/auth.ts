import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Credential, Role, Settings } from '../config';
import { ApiError, taskNotFound } from './errors';

/** Who is calling. With CONVEYOR_AUTH=none everyone is the local admin. */
export interface Principal {
  name: string;
  role: Role;
}

/**
 * What a route needs: `public` (no credentials), `read` (any role), `submit` (submitter or
 * admin), `admin`. Routes without an `access` need `read`: forgetting it never opens a route.
 */
export type Access = 'public' | 'read' | 'submit' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

const ALLOWED: Record<Exclude<Access, 'public'>, readonly Role[]> = {
  read: ['admin', 'submitter', 'viewer'],
  submit: ['admin', 'submitter'],
  admin: ['admin'],
};

const LOCAL_ADMIN: Principal = { name: 'anonymous', role: 'admin' };

/** Authenticates every request (Bearer API keys, HTTP Basic users) and checks the route's access. */
export function installAuth(app: FastifyInstance, api: Settings['api']): void {
  const verify = credentialVerifier(api.credentials);
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access ?? 'read';
    if (access === 'public' || api.auth === 'none') {
      setPrincipal(request, LOCAL_ADMIN);
      return;
    }
    const principal = verify(request.headers.authorization);
    if (!principal) {
      throw new ApiError(401, 'unauthorized', 'missing or invalid credentials (Bearer API key or HTTP Basic)', undefined, {
        'www-authenticate': 'Bearer realm="conveyor", Basic realm="conveyor"',
      });
    }
    if (!ALLOWED[access].includes(principal.role)) {
      throw new ApiError(403, 'forbidden', `role ${principal.role} may not do this`);
    }
    setPrincipal(request, principal);
  });
}

/**
 * Who an Authorization header names, for a public route that answers every caller (GET /me):
 * the local admin with CONVEYOR_AUTH=none, undefined for missing or wrong credentials.
 */
export function principalReader(api: Settings['api']): (header: string | undefined) => Principal | undefined {
  const verify = credentialVerifier(api.credentials);
  return (header) => (api.auth === 'none' ? LOCAL_ADMIN : verify(header));
}

function setPrincipal(request: FastifyRequest, principal: Principal): void {
  request.principal = principal;
}

/** Compares secrets as SHA-256 digests in constant time, and checks every credential, so timing tells nothing. */
function credentialVerifier(credentials: Credential[]): (header: string | undefined) => Principal | undefined {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  const known = credentials.map((c) => ({ ...c, name: c.name, digest: digest(c.secret) }));
  return (header) => {
    const presented = parseAuthorization(header);
    if (!presented) return undefined;
    const presentedDigest = digest(presented.secret);
    let match: Principal | undefined;
    for (const credential of known) {
      const kindMatches = presented.kind === credential.kind && (presented.kind === 'api-key' || presented.name === credential.name);
      if (timingSafeEqual(presentedDigest, credential.digest) && kindMatches) match = { name: credential.name, role: credential.role };
    }
    return match;
  };
}

function parseAuthorization(header: string | undefined): { kind: Credential['kind']; name?: string; secret: string } | undefined {
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

/** Admins and viewers read every task; a submitter reads only its own. */
export function readsEveryTask(principal: Principal): boolean {
  return principal.role !== 'submitter';
}

/**
 * Ownership: admins act on every task; viewers read every task; submitters see and act on their
 * own tasks only, and someone else's task answers 404, as if it did not exist. Schedules follow the
 * same rules, with their own 404 (`notFound`).
 */
export function assertMayAccess(
  principal: Principal,
  taskId: string,
  submitter: string | undefined,
  intent: 'read' | 'write',
  notFound: (id: string) => ApiError = taskNotFound,
): void {
  if (principal.role === 'admin') return;
  if (principal.role === 'viewer') {
    if (intent === 'read') return;
    throw new ApiError(403, 'forbidden', 'role viewer may only read');
  }
  if (submitter !== principal.name) throw notFound(taskId);
}
