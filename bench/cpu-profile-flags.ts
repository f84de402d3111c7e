import path from 'node:path';

/**
 * BENCH_CPU_PROF=<folder>: the Node flags that make a benchmarked process write V8 CPU profiles
 * (one per thread) into a folder of its own under it; none without the setting. Passed on Node's
 * command line: Node refuses `--cpu-prof` in NODE_OPTIONS.
 */
export function cpuProfileFlags(name: string): string[] {
  const folder = process.env.BENCH_CPU_PROF;
  return folder ? ['--cpu-prof', '--cpu-prof-dir', path.join(folder, name)] : [];
}
