import { readFile } from 'node:fs/promises';
import { tree } from './process-tree';

/** Resident set size of one process in kB, from /proc (Linux); 0 once it has gone. */
async function rssKb(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Samples the RSS of each named process tree (and of this process, as `bench`) every `everyMs`
 * until stopped, and answers each one's peak in MB. The trees are read once at the start (with
 * `ps`, which blocks); the samples themselves read /proc asynchronously, so the load this
 * process generates is not held up by them.
 */
export function sampleRssPeaks(roots: Record<string, number | undefined>, everyMs = 400): { stop: () => Promise<Record<string, number>> } {
  const pidsByName = Object.entries(roots).map(([name, root]) => [name, root === undefined ? [] : tree(root).map((p) => p.pid)] as const);
  const peakKb: Record<string, number> = {};
  const sample = async (): Promise<void> => {
    for (const [name, pids] of pidsByName) {
      const kb = (await Promise.all(pids.map(rssKb))).reduce((a, b) => a + b, 0);
      peakKb[name] = Math.max(peakKb[name] ?? 0, kb);
    }
    peakKb.bench = Math.max(peakKb.bench ?? 0, process.memoryUsage.rss() / 1024);
  };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      await sample();
      return Object.fromEntries(Object.entries(peakKb).map(([name, kb]) => [name, Math.round(kb / 1024)]));
    },
  };
}
