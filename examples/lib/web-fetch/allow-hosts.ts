/** One `CONVEYOR_FETCH_ALLOW_HOSTS` entry: a host, on any port or on one port. */
export interface AllowedHost {
  /** Lower case, as `URL.hostname` writes it (IPv6 in brackets). */
  host: string;
  /** Undefined: any port. */
  port?: number;
}

/**
 * Parses `host[:port],...` (IPv6 as `[::1]` or `[::1]:8080`). Throws a RangeError naming the
 * entry that is not a host.
 */
export function parseAllowHosts(value: string | undefined): AllowedHost[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '').map(parseEntry);
}

function parseEntry(entry: string): AllowedHost {
  let url: URL;
  try {
    url = new URL(`http://${entry}`);
  } catch {
    throw new RangeError(`"${entry}" is not host or host:port`);
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) throw new RangeError(`"${entry}" is not host or host:port`);
  // URL drops the default port 80; an explicit ":80" still means that port only.
  const explicitPort = /:(\d+)$/.exec(entry);
  return explicitPort ? { host: url.hostname, port: Number(explicitPort[1]) } : { host: url.hostname };
}

/** Whether `url`'s host (and port, where the entry names one) is listed. */
export function isAllowedHost(url: URL, allowed: readonly AllowedHost[]): boolean {
  const port = effectivePort(url);
  return allowed.some((entry) => entry.host === url.hostname && (entry.port === undefined || entry.port === port));
}

/** The port a URL connects to: the one it names, else its scheme's default. */
export function effectivePort(url: URL): number {
  return url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
}
