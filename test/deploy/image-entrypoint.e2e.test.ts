import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitOf, readyMessage, ROOT, waitForOutput, withOutput, type ProcessWithOutput } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { sharedServerEnv, uniqueQueue } from '../helpers/temporal';
import { until } from '../helpers/until';

// The image's entrypoint and HEALTHCHECK script, run as processes outside a container (no Docker
// engine here) against the run's dev server: the same scripts, on this checkout's CLI.
const ENTRYPOINT = path.join(ROOT, 'deploy', 'entrypoint.sh');
const HEALTHCHECK = path.join(ROOT, 'deploy', 'healthcheck.mjs');

/** The image's environment, on free loopback ports. */
async function imageEnv(): Promise<NodeJS.ProcessEnv> {
  return {
    ...sharedServerEnv(),
    // As the image sets it (/app/conveyor.config.ts). The processes run in this checkout, whose
    // tsconfig.json points the examples' `conveyor` imports at src/ (the image's at dist/).
    CONVEYOR_CONFIG: path.join(ROOT, 'conveyor.config.ts'),
    CONVEYOR_API_HOST: '127.0.0.1',
    CONVEYOR_API_PORT: String(await freePort()),
    CONVEYOR_WORKER_HEALTH_PORT: String(await freePort()),
  };
}

function startImage(args: string[], env: NodeJS.ProcessEnv): ProcessWithOutput & { exited: () => Promise<number | string> } {
  // An IPC channel survives the entrypoint's `exec`: the worker tells it is ready as under `conveyor dev`.
  const child = withOutput(spawn(ENTRYPOINT, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }));
  return Object.assign(child, { exited: () => exitOf(child) });
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // The test's own TEMPORAL_ADDRESS, if any, must not leak into the cases that leave it out.
    const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'TEMPORAL_ADDRESS'));
    execFile(file, args, { cwd: ROOT, env: { ...base, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The HEALTHCHECK as Docker runs it, looking at `pid` instead of the container's PID 1. */
function healthcheck(pid: number | undefined, env: NodeJS.ProcessEnv) {
  return run(process.execPath, [HEALTHCHECK], { ...env, CONVEYOR_HEALTHCHECK_PID: String(pid) });
}

async function untilHealthy(port: string | undefined, child: ProcessWithOutput): Promise<void> {
  await until(
    () => fetch(`http://127.0.0.1:${port}/health`).then((response) => response.status, () => 0),
    (status) => status === 200 || child.exitCode !== null,
    { tries: 600, intervalMs: 200 },
  );
  if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before it was healthy:\n${child.output()}`);
}

describe('the image entrypoint and HEALTHCHECK, outside a container', () => {
  it('`api` serves the Task API; the healthcheck passes while it runs and fails once it stopped', async () => {
    const env = await imageEnv();
    const api = startImage(['api'], env);
    try {
      await untilHealthy(env.CONVEYOR_API_PORT, api);
      const ready = await fetch(`http://127.0.0.1:${env.CONVEYOR_API_PORT}/ready`);
      expect(ready.status).toBe(200);
      const types = (await (await fetch(`http://127.0.0.1:${env.CONVEYOR_API_PORT}/tasks/types`)).json()) as unknown;
      expect(JSON.stringify(types)).toContain('example_long_running');

      expect(await healthcheck(api.pid, env)).toMatchObject({ code: 0 });
      // It probes the API for real: at a port nothing serves, the same process is unhealthy.
      const elsewhere = await healthcheck(api.pid, { ...env, CONVEYOR_API_PORT: String(await freePort()) });
      expect(elsewhere.code).toBe(1);
      expect(elsewhere.stderr).toMatch(/unhealthy: the API at 127\.0\.0\.1:\d+/);
    } finally {
      api.kill('SIGTERM');
      expect(await api.exited()).toBe(0);
    }
    const stopped = await healthcheck(api.pid, env);
    expect(stopped.code).not.toBe(0);
  });

  it('`worker --queues a,b` runs `worker start` on those queues; the healthcheck asks its health port', async () => {
    const env = await imageEnv();
    const queues = [uniqueQueue('image-a'), uniqueQueue('image-b')];
    const worker = startImage(['worker', '--queues', queues.join(','), '--concurrency', '3'], { ...env, CONVEYOR_LOG_LEVEL: 'info', CONVEYOR_LOG_FORMAT: 'json' });
    try {
      await readyMessage(worker, 120_000);
      // Its log line may reach the pipe a moment after the ready message.
      const ready = await waitForOutput(worker, /.*"worker ready".*/);
      expect(ready).toContain(`"queues":${JSON.stringify(queues)}`);
      expect(ready).toContain('"concurrency":3');
      expect(await healthcheck(worker.pid, env)).toMatchObject({ code: 0 });
      // A worker container has no API: the healthcheck does not ask for one.
      const apiPort = env.CONVEYOR_API_PORT;
      expect(await fetch(`http://127.0.0.1:${apiPort}/health`).then(() => 'answered', () => 'refused')).toBe('refused');
    } finally {
      worker.kill('SIGTERM');
      expect(await worker.exited()).toBe(0);
    }
    expect((await healthcheck(worker.pid, env)).code).not.toBe(0);
    expect(await fetch(`http://127.0.0.1:${env.CONVEYOR_WORKER_HEALTH_PORT}/health`).then(() => 'answered', () => 'refused')).toBe('refused');
  });

  it('`all` runs a worker on every queue and the API in one process tree; the healthcheck asks both', async () => {
    const env = await imageEnv();
    const all = startImage(['all'], env);
    try {
      await untilHealthy(env.CONVEYOR_API_PORT, all);
      await untilHealthy(env.CONVEYOR_WORKER_HEALTH_PORT, all);
      expect(await healthcheck(all.pid, env)).toMatchObject({ code: 0 });
      const noWorkerPort = await healthcheck(all.pid, { ...env, CONVEYOR_WORKER_HEALTH_PORT: String(await freePort()) });
      expect(noWorkerPort.code).toBe(1);
      expect(noWorkerPort.stderr).toContain('unhealthy: the worker');
    } finally {
      all.kill('SIGTERM');
      await all.exited();
    }
    expect((await healthcheck(all.pid, env)).code).not.toBe(0);
  }, 180_000);

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /no command given/],
  ])('%j is a usage error: exit 2, with the usage', async (args, message) => {
    const result = await run(ENTRYPOINT, args, await imageEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('usage: <image> api | worker [--queues a,b] [--concurrency n] | all');
  });

  it("reads a command that repeats the entrypoint's own path (render.yaml's dockerCommand) as the rest", async () => {
    const result = await run(ENTRYPOINT, [ENTRYPOINT, 'frobnicate'], await imageEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });

  it('refuses to start without TEMPORAL_ADDRESS, since the image runs no Temporal server', async () => {
    const env = await imageEnv();
    delete env.TEMPORAL_ADDRESS;
    const result = await run(ENTRYPOINT, ['api'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('TEMPORAL_ADDRESS is not set');
  });
});
