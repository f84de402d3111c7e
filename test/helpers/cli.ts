import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
/**
 * The `conveyor` command (`bin/conveyor.js`), as `npm start` and `npx conveyor` run it: in this
 * checkout it registers tsx itself, in its own thread only, so Temporal's workflow threads do not
 * load tsx too, as they would under `node --require tsx/cjs` (about 0.5 s of CPU per worker start).
 */
export const CLI = path.join(ROOT, 'bin', 'conveyor.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `conveyor <args>` as a real process, from this checkout's sources (as `npm start` does). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, options: { cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: options.cwd ?? ROOT, env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * A shell that knows `conveyor` (this checkout's CLI, as `npm start` runs it), so a test can run a
 * command line exactly as a user types it: the shell splits it and strips its quotes.
 */
function shellRunning(line: string): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
  return {
    file: '/bin/sh',
    args: ['-c', `conveyor() { exec "$CONVEYOR_TEST_NODE" "$CONVEYOR_TEST_CLI" "$@"; }\n${line}`],
    env: { CONVEYOR_TEST_NODE: process.execPath, CONVEYOR_TEST_CLI: CLI },
  };
}

/** Runs one shell command line that calls `conveyor`, e.g. `conveyor worker status`, as typed. */
export function runCliLine(line: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const shell = shellRunning(line);
  return new Promise((resolve) => {
    execFile(shell.file, shell.args, { cwd: ROOT, env: { ...process.env, ...env, ...shell.env }, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts one shell command line that calls `conveyor` in the background, as {@link spawnCli} does (the CLI process replaces the shell). */
export function spawnCliLine(line: string, env: NodeJS.ProcessEnv = {}): ProcessWithOutput {
  const shell = shellRunning(line);
  const child = spawn(shell.file, shell.args, { cwd: ROOT, env: { ...process.env, ...env, ...shell.env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  return withOutput(child);
}

/**
 * Starts `conveyor <args>` in the background with an IPC channel (so it can say it is ready).
 * `nodeArgs` go to Node itself (a benchmark's `--cpu-prof`, which NODE_OPTIONS refuses).
 */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): ProcessWithOutput {
  const child = spawn(process.execPath, [...nodeArgs, CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  return withOutput(child);
}

/** A process that has run, with what it printed so far (stdout and stderr, in arrival order). */
export type ProcessWithOutput = ChildProcess & { output: () => string };

/** Collects what a child process prints (its stdout and stderr must be pipes). */
export function withOutput(child: ChildProcess): ProcessWithOutput {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

/** Resolves when the child sends `{type: 'ready'}`; rejects if it exits first. */
export function readyMessage(child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ready message in time')), timeoutMs);
    child.on('message', (message: { type?: string }) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited (${code}) before it was ready`));
    });
  });
}

/**
 * Waits until `pattern` has matched `count` times in what the process printed (its `output()`),
 * and returns the last match; fails with that output if the process exits or time runs out first.
 */
export async function waitForOutput(
  child: ProcessWithOutput,
  pattern: RegExp,
  { count = 1, timeoutMs = 120_000 }: { count?: number; timeoutMs?: number } = {},
): Promise<string> {
  const everyMatch = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const matches = child.output().match(everyMatch) ?? [];
    if (matches.length >= count) return matches[count - 1] ?? '';
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${pattern} (x${count}) in the output:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Resolves with the exit code (or signal) once the child has ended. */
export function exitOf(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
}
