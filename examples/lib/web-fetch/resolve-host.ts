import { promises as dns, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { refusedRange } from './address-policy';
import { UnreachableError } from './unreachable';

/** Every address a host name resolves to (the system resolver by default; tests pass their own). */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: ResolveHost = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * Resolves `hostname` once and refuses it if ANY answer is outside the public internet (unless
 * the host is allowed): an attacker's name answering one public and one private address gets no
 * chance to be connected to the private one. A refusal and every DNS failure (an unknown name
 * as much as a resolver that timed out) throw an UnreachableError.
 */
export async function resolveChecked(hostname: string, resolve: ResolveHost, allowed: boolean): Promise<LookupAddress[]> {
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(hostname);
  } catch (error) {
    throw new UnreachableError('dns', { host: hostname, code: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
  }
  if (addresses.length === 0) throw new UnreachableError('dns', { host: hostname, code: 'no address' });
  if (!allowed) {
    for (const { address } of addresses) {
      const range = refusedRange(address);
      if (range !== undefined) throw new UnreachableError('address', { host: hostname, address, range });
    }
  }
  return addresses;
}

/**
 * A `lookup` for node:http that answers with the addresses already checked, so the socket connects
 * to exactly those: a second DNS answer (DNS rebinding) never reaches the connection.
 */
export function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = typeof options === 'object' && options.family ? options.family : 0;
    const matching = addresses.filter((a) => family === 0 || a.family === family);
    if (matching.length === 0) {
      callback(Object.assign(new Error('no checked address of the requested family'), { code: 'ENOTFOUND' }), '', 0);
      return;
    }
    if (typeof options === 'object' && options.all) (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, matching);
    else callback(null, matching[0]!.address, matching[0]!.family);
  };
}
