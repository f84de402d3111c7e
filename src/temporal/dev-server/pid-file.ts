import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../log';
import { processIdentity, type ProcessIdentity } from './process-identity';

/**
 * `<data dir>/temporal-dev-server.pid`: which Temporal dev server runs on this data folder, and
 * which process started it. The server runs in a process group of its own (so a Ctrl-C reaches
 * Conveyor first, which stops it last); if that process dies without stopping it (kill -9, a
 * crash), the server keeps its port and the SQLite file with no owner, and this file is how the
 * next start finds it.
 */
export const DEV_SERVER_PID_FILE = 'temporal-dev-server.pid';

interface DevServerRecord {
  pid: number;
  server: ProcessIdentity;
  /** The process that started the server: while it lives, the server is not an orphan. */
  owner: { pid: number; identity: ProcessIdentity };
  address: string;
}

/** How long an orphaned server gets to stop on SIGTERM (as long as one Conveyor started itself) before SIGKILL. */
const ORPHAN_STOP_GRACE_MS = 10_000;
/** How long a SIGKILLed orphan may take to be gone. */
const ORPHAN_KILL_WAIT_MS = 5_000;

const pidFile = (dataDir: string): string => path.join(dataDir, DEV_SERVER_PID_FILE);

/** Writes the PID file for the server this process has just started (nothing when its identity cannot be read). */
export function recordDevServer(dataDir: string, pid: number, address: string): void {
  const server = processIdentity(pid);
  const owner = processIdentity(process.pid);
  if (!server || !owner) return;
  const record: DevServerRecord = { pid, server, owner: { pid: process.pid, identity: owner }, address };
  writeFileSync(pidFile(dataDir), `${JSON.stringify(record, null, 2)}\n`);
}

/** Removes the PID file once server `pid` has ended, unless it names another server by then. */
export function forgetDevServer(dataDir: string, pid: number): void {
  if (readRecord(dataDir)?.pid === pid) rmSync(pidFile(dataDir), { force: true });
}

/**
 * Before a server starts on `dataDir`: stops the one an earlier run left there, if the PID file
 * names one that still runs, saying so in one line. Stopped rather than adopted: a fresh server
 * on the same SQLite file loses nothing (Temporal fires overdue timers and retries timed-out
 * activities), whereas an adopted server is not this process's child, so neither its output nor
 * its exit would reach the log, and it keeps whatever ports and flags the earlier run gave it.
 * A PID file whose process is gone (or is now another process) is removed with a debug line.
 * Throws when the server's owner still runs: that is another stack on this data folder, not an orphan.
 */
export async function stopOrphanedDevServer(dataDir: string, log: Logger): Promise<void> {
  const record = readRecord(dataDir);
  if (!record) return;
  if (!isSameProcess(record.pid, record.server)) {
    log.debug(`removed a stale ${DEV_SERVER_PID_FILE}: pid ${record.pid} no longer runs the Temporal dev server it names`);
    rmSync(pidFile(dataDir), { force: true });
    return;
  }
  if (isSameProcess(record.owner.pid, record.owner.identity)) {
    throw new Error(
      `process ${record.owner.pid} (${record.owner.identity.commandLine}) already runs a Temporal dev server (pid ${record.pid}, ${record.address}) on ${dataDir}: stop it first, or give this one another CONVEYOR_DATA_DIR`,
    );
  }
  await stopProcess(record.pid, record.server);
  rmSync(pidFile(dataDir), { force: true });
  log.warn(
    `stopped an orphaned Temporal dev server (pid ${record.pid}, ${record.address}) left running by an earlier run that ended without stopping it; a fresh one starts on the same data file`,
  );
}

/** The PID file's record; undefined when there is none, or it cannot be read (a write cut short counts as none). */
function readRecord(dataDir: string): DevServerRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(pidFile(dataDir), 'utf8')) as Partial<DevServerRecord>;
    return typeof record.pid === 'number' && record.server && record.owner ? (record as DevServerRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `pid` is still the process that was recorded, not one that reuses its pid. */
function isSameProcess(pid: number, recorded: ProcessIdentity): boolean {
  const now = processIdentity(pid);
  return now?.startedAt === recorded.startedAt && now.commandLine === recorded.commandLine;
}

/** SIGTERM, then SIGKILL after the grace period; resolves once the process is gone (throws if it will not go). */
async function stopProcess(pid: number, identity: ProcessIdentity): Promise<void> {
  const gone = async (withinMs: number): Promise<boolean> => {
    const deadline = Date.now() + withinMs;
    while (isSameProcess(pid, identity)) {
      if (Date.now() > deadline) return false;
      await sleep(100);
    }
    return true;
  };
  signal(pid, 'SIGTERM');
  if (await gone(ORPHAN_STOP_GRACE_MS)) return;
  signal(pid, 'SIGKILL');
  if (!(await gone(ORPHAN_KILL_WAIT_MS))) {
    throw new Error(`the Temporal dev server an earlier run left running (pid ${pid}) did not stop, even on SIGKILL; stop it by hand`);
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // ended meanwhile
  }
}
