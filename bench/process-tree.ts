import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  rssKb: number;
  args: string;
}

/** Every process on the machine, from `ps`. */
export function processes(): ProcessInfo[] {
  return execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pid, ppid, rss, ...args] = line.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), rssKb: Number(rss), args: args.join(' ') };
    });
}

/** The process and all its descendants. */
export function tree(rootPid: number): ProcessInfo[] {
  const all = processes();
  const result = all.filter((p) => p.pid === rootPid);
  for (let i = 0; i < result.length; i++) {
    result.push(...all.filter((p) => p.ppid === result[i]!.pid));
  }
  return result;
}

export const mb = (kb: number): number => Math.round(kb / 1024);

let clockTicks: number | undefined;

/** The kernel's clock ticks per second, which /proc counts CPU time in. */
function ticksPerSecond(): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return clockTicks;
}

/** User and system CPU time in a /proc `stat` line, in clock ticks. */
function cpuTicks(stat: string): number {
  // Fields after the command name (which may hold spaces, inside parentheses): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 1).trim().split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU seconds (user + system) a process and its descendants have used so far, from /proc (Linux); NaN elsewhere. */
export function cpuSeconds(rootPid: number): number {
  const ticks = tree(rootPid).reduce((total, p) => {
    try {
      return total + cpuTicks(readFileSync(`/proc/${p.pid}/stat`, 'utf8'));
    } catch {
      return NaN;
    }
  }, 0);
  return ticks / ticksPerSecond();
}

/** A thread's name and the CPU seconds (user + system) it has used so far. */
export interface ThreadCpu {
  name: string;
  seconds: number;
}

/** Every thread of one process, by thread id, from /proc/<pid>/task (Linux). */
export function threadCpuSeconds(pid: number): Map<string, ThreadCpu> {
  const threads = new Map<string, ThreadCpu>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    threads.set(tid, { name, seconds: cpuTicks(stat) / ticksPerSecond() });
  }
  return threads;
}
