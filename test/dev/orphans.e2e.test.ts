import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient, type SubmittedTask } from '../../src/client';
import { DEV_SERVER_PID_FILE } from '../../src/temporal/dev-server/pid-file';
import { processIdentity } from '../../src/temporal/dev-server/process-identity';
import { CLI, exitOf, ROOT, waitForOutput, withOutput, type ProcessWithOutput } from '../helpers/cli';
import { devChildPids } from '../helpers/dev-children';
import { seedBundleCache } from '../helpers/examples-bundle';
import { freePort } from '../helpers/free-port';
import { portAnswers } from '../helpers/port-answers';
import { until } from '../helpers/until';
import { toolPath } from '../helpers/tools';

interface StackPids {
  server: number;
  /** The worker process, which serves the API too. */
  worker: number;
}

/** The dev server's pid, as the data folder's PID file names it. */
function pidInFile(dataDir: string): number {
  return (JSON.parse(readFileSync(path.join(dataDir, DEV_SERVER_PID_FILE), 'utf8')) as { pid: number }).pid;
}

/** Whether `pid` is a live process (a zombie, ended but not yet reaped, is not). */
const alive = (pid: number): boolean => processIdentity(pid) !== undefined;

/** Waits until none of `pids` runs any more. */
async function untilGone(pids: number[]): Promise<void> {
  await until(
    () => Promise.resolve(pids.filter(alive)),
    (left) => left.length === 0,
    { tries: 300, intervalMs: 100 },
  );
}

/**
 * What happens to `conveyor dev`'s process tree when the supervisor goes away other than by
 * Ctrl-C: a closed terminal (SIGHUP), or kill -9. Each test runs its own stack (data folder,
 * ports) with a long task in flight; the shutdown grace is short, so a drain takes two seconds.
 */
// Each test runs a stack of its own: concurrently, the file takes one test's time, not three.
describe.concurrent('conveyor dev, when its terminal closes or it is killed', () => {
  const dataDirs: string[] = [];
  /** Every process a test saw (supervisors, dev servers, workers, APIs): none may outlive the file. */
  const seen = new Set<number>();
  afterAll(async () => {
    // Also a server whose stack never got ready: its PID file names it.
    for (const dataDir of dataDirs) {
      const pid = existsSync(path.join(dataDir, DEV_SERVER_PID_FILE)) ? pidInFile(dataDir) : undefined;
      if (pid !== undefined && processIdentity(pid)?.commandLine.includes(dataDir)) seen.add(pid);
    }
    for (const pid of seen) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await untilGone([...seen]);
    for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
  });

  async function newStack(): Promise<{ dataDir: string; env: NodeJS.ProcessEnv; ports: { temporal: number; api: number } }> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-dev-orphans-'));
    dataDirs.push(dataDir);
    seedBundleCache(dataDir);
    const ports = { temporal: await freePort(), api: await freePort() };
    const env = {
      CONVEYOR_API_PORT: String(ports.api),
      CONVEYOR_DATA_DIR: dataDir,
      CONVEYOR_TEMPORAL_PORT: String(ports.temporal),
      CONVEYOR_TEMPORAL_UI_PORT: String(await freePort()),
      CONVEYOR_LOG_FORMAT: 'json',
      CONVEYOR_SHUTDOWN_GRACE: '2s',
      TEMPORAL_ADDRESS: '',
      // The pinned CLI, not a copy installed from PyPI into this fresh data folder: a first run's install is not what this file checks.
      TEMPORAL_CLI_PATH: toolPath('temporal'),
    };
    return { dataDir, env, ports };
  }

  /**
   * `conveyor dev` in a process group of its own, as a terminal runs it (its pid is the group's
   * id), once it is ready; with the pids of its processes, noted for the clean-up at once.
   */
  async function startDev(env: NodeJS.ProcessEnv, dataDir: string): Promise<{ dev: ProcessWithOutput; pids: StackPids }> {
    const child = spawn(process.execPath, [CLI, 'dev', '--no-watch'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const dev = withOutput(child);
    if (dev.pid !== undefined) seen.add(dev.pid);
    await waitForOutput(dev, /Conveyor is ready/);
    return { dev, pids: await stackPids(dev, dataDir) };
  }

  /** The pids of the stack's dev server (from its PID file) and worker (which serves the API too). */
  async function stackPids(dev: ProcessWithOutput, dataDir: string): Promise<StackPids> {
    const server = pidInFile(dataDir);
    seen.add(server); // before anything else can fail
    const [worker] = await devChildPids(dev, 'worker');
    if (!worker) throw new Error(`no worker child of ${dev.pid}:\n${dev.output()}`);
    seen.add(worker);
    expect(processIdentity(server)?.commandLine).toContain(`--db-filename ${path.join(dataDir, 'temporal.sqlite')}`);
    return { server, worker };
  }

  /** A 60 s task, once its activity is working (the tests end long before it would). */
  async function longTaskInFlight(apiPort: number): Promise<SubmittedTask> {
    const client = createClient({ url: `http://127.0.0.1:${apiPort}` });
    const task = await client.submit('example_long_running', { duration: 60, message: 'in flight' });
    await until(
      () => client.get(task.id),
      (view) => view.progress?.stage === 'working',
      { tries: 300 },
    );
    return task;
  }

  it('SIGHUP to its process group (a closed terminal) with a task in flight: the worker drains, then every process ends, its ports are free and the PID file is gone', async () => {
    const { dataDir, env, ports } = await newStack();
    const { dev, pids } = await startDev(env, dataDir);
    await longTaskInFlight(ports.api);

    process.kill(-dev.pid!, 'SIGHUP');

    expect(await exitOf(dev)).toBe(0);
    expect(dev.output()).toContain('worker stopped: in-flight work drained');
    await untilGone([pids.server, pids.worker]);
    expect(await portAnswers(ports.temporal)).toBe(false);
    expect(await portAnswers(ports.api)).toBe(false);
    expect(existsSync(path.join(dataDir, DEV_SERVER_PID_FILE))).toBe(false);
  }, 120_000);

  it('kill -9 of the supervisor with a task in flight: its worker and API stop too; the next start stops the orphaned dev server, saying so, and the task is still there; kill -9 of that one while its worker drains after Ctrl-C: the worker drains on and stops, and the PID file names the orphaned dev server for the next start', async () => {
    const { dataDir, env, ports } = await newStack();
    const { dev: first, pids } = await startDev(env, dataDir);
    const task = await longTaskInFlight(ports.api);

    process.kill(first.pid!, 'SIGKILL');
    await exitOf(first);
    await untilGone([pids.worker]);
    expect(alive(pids.server)).toBe(true); // the orphan: nothing could stop it

    const { dev: second, pids: secondPids } = await startDev(env, dataDir);
    expect(second.output()).toContain(
      `"msg":"stopped an orphaned Temporal dev server (pid ${pids.server}, 127.0.0.1:${ports.temporal}) left running by an earlier run`,
    );
    expect(alive(pids.server)).toBe(false);
    expect(secondPids.server).not.toBe(pids.server);
    const view = await createClient({ url: `http://127.0.0.1:${ports.api}` }).get(task.id);
    expect(view.status).toBe('running');
    expect(second.output().match(/orphaned/g)).toHaveLength(1);

    // Another long task in flight on the second stack's worker: Ctrl-C, then kill -9 while that worker drains it.
    await longTaskInFlight(ports.api);
    process.kill(second.pid!, 'SIGINT');
    await waitForOutput(second, /"msg":"stopping: worker first/);
    process.kill(second.pid!, 'SIGKILL');
    await exitOf(second);

    // Its stdout is the same pipe the supervisor had: what it says after the supervisor is gone still
    // arrives. (On a loaded machine it may have finished before the supervisor's exit was seen:
    // what counts is that it drained after the stop began.)
    await untilGone([secondPids.worker]);
    const output = second.output();
    expect(output.slice(output.indexOf('"msg":"stopping: worker first'))).toContain('worker stopped: in-flight work drained');
    expect(pidInFile(dataDir)).toBe(secondPids.server);
    expect(alive(secondPids.server)).toBe(true);
  }, 180_000);
});
