import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * What tells one process apart from a later one that the system gave the same pid: its command
 * line and when it started. A pid alone is not enough to act on (kill) once its owner is gone.
 */
export interface ProcessIdentity {
  commandLine: string;
  /** Opaque, only ever compared for equality: clock ticks since boot on Linux, `ps`'s lstart elsewhere. */
  startedAt: string;
}

/**
 * The identity of live process `pid`, or undefined when there is none (ended, a zombie, not
 * readable). Reads /proc on Linux (containers often have no `ps`), asks `ps` elsewhere.
 */
export function processIdentity(pid: number): ProcessIdentity | undefined {
  try {
    return process.platform === 'linux' ? fromProc(pid) : fromPs(pid);
  } catch {
    return undefined;
  }
}

function fromProc(pid: number): ProcessIdentity | undefined {
  // A zombie's command line is empty: it has ended, only its parent has not reaped it.
  const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  // Field 22 (starttime); the fields are counted after the command name, which may hold spaces and ')'.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const startedAt = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  return commandLine && startedAt ? { commandLine, startedAt } : undefined;
}

function fromPs(pid: number): ProcessIdentity | undefined {
  const line = execFileSync('ps', ['-p', String(pid), '-o', 'stat=,lstart=,command='], { encoding: 'utf8' }).trim();
  // `Z… Mon Jan  1 00:00:00 2024 /path/to/temporal server start-dev …`: the start is 5 words.
  const [state, ...rest] = line.split(/\s+/);
  if (!state || state.startsWith('Z') || rest.length < 6) return undefined;
  return { startedAt: rest.slice(0, 5).join(' '), commandLine: rest.slice(5).join(' ') };
}
