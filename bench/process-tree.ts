import { execFileSync } from 'node:child_process';

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
