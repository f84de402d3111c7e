import { readdir, readFile, readlink } from 'node:fs/promises';

/** /proc/net/tcp's state code for a listening socket (TCP_LISTEN). */
const LISTEN = '0A';

/** The socket inodes a process holds open: its /proc/<pid>/fd links read `socket:[<inode>]`. */
async function socketInodes(pid: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    // An fd closed between readdir and readlink is simply gone.
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode) inodes.add(inode);
  }
  return inodes;
}

/** `inode -> local port` of every listening socket in one /proc/net/tcp-format table. */
async function listeningSockets(table: string): Promise<Map<string, number>> {
  const sockets = new Map<string, number>();
  const text = await readFile(table, 'utf8').catch(() => ''); // no tcp6 table without IPv6
  for (const line of text.split('\n').slice(1)) {
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
    const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
    const port = local?.split(':')[1];
    if (state === LISTEN && inode && port) sockets.set(inode, parseInt(port, 16));
  }
  return sockets;
}

/**
 * The TCP ports process `pid` itself listens on (Linux only), sorted. A probe of one chosen port
 * shows only that nothing answers *there*; this reads what the process really holds, so a test
 * that says "it listens on nothing" fails if it listens anywhere. It matches the socket inodes of
 * the process's open fds against the LISTEN entries of its network namespace's tcp and tcp6 tables.
 */
export async function listeningPorts(pid: number): Promise<number[]> {
  const held = await socketInodes(pid);
  const ports = new Set<number>();
  for (const table of ['tcp', 'tcp6']) {
    for (const [inode, port] of await listeningSockets(`/proc/${pid}/net/${table}`)) if (held.has(inode)) ports.add(port);
  }
  return [...ports].sort((a, b) => a - b);
}
