import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ProcessWithOutput } from './cli';

/** How `conveyor dev` starts each of its children (a worker, which serves the API too): their command lines tell them apart. */
const COMMAND_LINE = { worker: / worker start --config / } as const;

/** The pids of the worker processes `conveyor dev` runs now, from the process table. */
export async function devChildPids(dev: ProcessWithOutput, role: keyof typeof COMMAND_LINE): Promise<number[]> {
  // `ps` exits 1 when the process has no children: none.
  const { stdout } = await promisify(execFile)('ps', ['--ppid', String(dev.pid), '-o', 'pid=,args=']).catch(() => ({ stdout: '' }));
  return stdout
    .split('\n')
    .filter((line) => COMMAND_LINE[role].test(line))
    .map((line) => Number.parseInt(line, 10));
}

/**
 * kill -9 of every worker child of `conveyor dev` as soon as it appears, until `done`
 * holds (or the stack has exited): a child that keeps dying right after its start, without any
 * help from the code under test. Returns how many it killed.
 */
export async function killEachNewChild(dev: ProcessWithOutput, role: keyof typeof COMMAND_LINE, done: () => boolean, timeoutMs = 120_000): Promise<number> {
  const killed = new Set<number>();
  const deadline = Date.now() + timeoutMs;
  while (!done() && dev.exitCode === null) {
    if (Date.now() > deadline) throw new Error(`still killing each new ${role} after ${timeoutMs} ms; the output:\n${dev.output()}`);
    for (const pid of await devChildPids(dev, role)) {
      if (killed.has(pid)) continue;
      killed.add(pid);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // ended meanwhile
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return killed.size;
}
