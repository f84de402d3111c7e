import { isIP } from 'node:net';
import type { Settings } from '../../config';
import { isLoopback } from './loopback';

/**
 * Which host names the API answers to, by `Host` and by a browser's `Origin`: the defence against
 * DNS rebinding, where a web page's own name starts resolving to 127.0.0.1 and the browser, still
 * treating the page's origin as the same, lets it call the local API and read the answers.
 */
export interface HostRule {
  /** Whether names are checked at all; when not, {@link HostRule.allows} answers yes to every name. */
  readonly enforced: boolean;
  /** Whether `hostname` (lower-cased, without port; IPv6 in brackets) is one the API answers to. */
  allows(hostname: string): boolean;
}

/** A listen address that is every interface names no host of its own. */
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::']);

/**
 * Loopback names, CONVEYOR_API_ALLOWED_HOSTS, and the listen address when it is one specific IP.
 *
 * Checked always with CONVEYOR_AUTH=none, where every caller is the admin. With CONVEYOR_AUTH=keys
 * only once CONVEYOR_API_ALLOWED_HOSTS is set: a rebinding page has no credentials to send (a
 * Bearer key travels in a header the page cannot fill in, and the browser keeps Basic credentials
 * per origin, which the rebinding page's is not), while an API behind a load balancer or in
 * Kubernetes is reached by names it cannot guess, and orchestrators probe it by pod IP.
 */
export function hostRule(api: Settings['api']): HostRule {
  const enforced = api.auth === 'none' || api.allowedHosts.length > 0;
  if (!enforced || api.allowedHosts.includes('*')) return { enforced: false, allows: () => true };
  const named = new Set(api.allowedHosts);
  const listening = listenHost(api.host);
  if (listening) named.add(listening);
  // Loopback names always mean this machine: a rebinding page's origin can never be one of them.
  return { enforced: true, allows: (hostname) => isLoopback(hostname.replace(/^\[(.*)\]$/, '$1')) || named.has(hostname) };
}

/** The name in a `Host` header, lower-cased and without its port (`[::1]:8000` → `[::1]`). */
export function hostnameOf(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1) || host;
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

/** The listen address as a `Host` names it, when it is one specific IP (IPv6 in brackets). */
function listenHost(address: string): string | undefined {
  const version = isIP(address);
  if (version === 0 || WILDCARD_ADDRESSES.has(address)) return undefined;
  return version === 6 ? `[${address.toLowerCase()}]` : address;
}
