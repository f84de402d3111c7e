import { readFileSync } from 'node:fs';
import net from 'node:net';

/** The lowest port a test picks: above the well-known and most registered services' ports. */
const LOWEST = 20000;

/**
 * Where the kernel's ephemeral ports start (Linux's ip_local_port_range; 32768 elsewhere). A port
 * for a server must come from below it: a Temporal dev server binds ephemeral ports of its own for
 * its internal services (and every outgoing connection takes one), so a port picked from that range
 * and freed for a moment may be taken by another dev server before ours binds it.
 */
function ephemeralStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

/** Ports handed out in this process: never twice, even once they are free again. */
const handedOut = new Set<number>();

function bindsOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A TCP port that was free a moment ago on 127.0.0.1, below the ephemeral range. */
export async function freePort(): Promise<number> {
  const highest = ephemeralStart() - 1;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (highest - LOWEST + 1));
    if (handedOut.has(port) || !(await bindsOn(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${highest} on 127.0.0.1 after 200 tries`);
}
