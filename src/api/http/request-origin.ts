import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Settings } from '../../config';
import { hostnameOf, hostRule, type HostRule } from './allowed-hosts';
import { ApiError } from './api-error';

/** Methods that change something: the ones a page elsewhere must not send on the user's behalf. */
export const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Orchestrators probe these by whatever address they hold (a pod IP, a container name) and they
 * tell nothing but that the process is up: every `Host` may ask them.
 */
const PROBE_ROUTES = new Set(['/health', '/ready']);

/** The longest part of a refused `Host` or `Origin` a message repeats. */
const SHOWN_LENGTH = 100;

/**
 * The local API belongs to the local user, not to the web pages that user visits. Every request
 * must name a `Host` the API answers to (see {@link hostRule}: DNS rebinding), and a state-changing
 * one must not come from another site: refused when the browser says so (`Sec-Fetch-Site:
 * cross-site`) or when its `Origin` is not a host the API answers to (`null`, a sandboxed or
 * file page's, included). This holds whatever CONVEYOR_AUTH is: browsers send Basic credentials
 * they keep to the API's origin also on a request another site starts.
 */
export function installRequestOrigin(app: FastifyInstance, api: Settings['api']): void {
  const hosts = hostRule(api);
  app.addHook('onRequest', (request, _reply, done) => {
    if (hosts.enforced && !PROBE_ROUTES.has(request.routeOptions.url ?? '')) assertHostAllowed(request, hosts);
    if (STATE_CHANGING_METHODS.has(request.method)) assertSameSite(request, hosts);
    done();
  });
}

function assertHostAllowed(request: FastifyRequest, hosts: HostRule): void {
  const host = request.headers.host;
  if (host !== undefined && hosts.allows(hostnameOf(host))) return;
  const named = host === undefined ? 'no Host header' : `the Host "${shown(host)}"`;
  throw new ApiError(
    403,
    'host_not_allowed',
    `this API does not answer to ${named}: it answers loopback names and CONVEYOR_API_ALLOWED_HOSTS; add the name browsers reach it by there`,
  );
}

function assertSameSite(request: FastifyRequest, hosts: HostRule): void {
  if (request.headers['sec-fetch-site'] === 'cross-site') {
    throw crossSite('the browser marks it cross-site (Sec-Fetch-Site)');
  }
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const hostname = originHostname(origin);
  if (hostname === undefined || !hosts.allows(hostname)) throw crossSite(`it comes from the page at "${shown(origin)}"`);
}

function crossSite(why: string): ApiError {
  return new ApiError(403, 'cross_site_request', `a request that changes something must come from this API's own pages or a program, and ${why}`);
}

/** The host name of an `Origin` header as a `Host` would name it; undefined for `null` and anything else not a URL. */
function originHostname(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname : undefined;
  } catch {
    return undefined;
  }
}

function shown(value: string): string {
  return value.length > SHOWN_LENGTH ? `${value.slice(0, SHOWN_LENGTH)}…` : value;
}
