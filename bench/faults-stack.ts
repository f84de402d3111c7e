import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../src/log';
import type { DevServer } from '../src/temporal/dev-server/dev-server';
import { exitOf, readyMessage, spawnCli, type ProcessWithOutput } from '../test/helpers/cli';
import { freePort } from '../test/helpers/free-port';
import { startScratchDevServer } from '../test/helpers/scratch-dev-server';
import { tree } from './process-tree';

/** One of the stack's three processes, as a fault names it. */
export type StackPart = 'api' | 'worker' | 'server';

/**
 * The local stack of bench/faults.ts: a scratch Temporal dev server, one `conveyor worker start`
 * and one `conveyor api` (no auth), each of which can be killed with SIGKILL and started again on
 * the same ports and data folder, as a crash and a supervisor's restart would.
 */
export interface FaultStack {
  apiBase: string;
  temporalAddress: string;
  /** SIGKILL to the part and every process under it; resolves once it is gone. */
  kill(part: StackPart): Promise<void>;
  /** Starts the part again where it was; resolves once it is ready. */
  restart(part: StackPart): Promise<void>;
  /** Stops everything and removes the data folder. */
  close(): Promise<void>;
}

export async function startFaultStack(queues: string[], log: Logger): Promise<FaultStack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-bench-faults-'));
  // Fixed at the start: a restarted server must come back where the worker and the API reconnect.
  const serverPorts = { port: await freePort(), uiPort: await freePort() };
  const apiPort = await freePort();
  let server: DevServer = await startScratchDevServer(dataDir, log, serverPorts);
  const env = {
    TEMPORAL_ADDRESS: server.address,
    CONVEYOR_DATA_DIR: dataDir,
    CONVEYOR_LOG_LEVEL: 'error',
    CONVEYOR_AUTH: 'none',
    CONVEYOR_API_PORT: String(apiPort),
    // The benchmark submits faster than the default per-caller limit (600 a minute).
    CONVEYOR_SUBMIT_RATE_LIMIT: '1000000',
  };
  const startChild = async (args: string[]): Promise<ProcessWithOutput> => {
    const child = spawnCli(args, env);
    await readyMessage(child, 180_000);
    return child;
  };
  const workerArgs = ['worker', 'start', '--queues', queues.join(',')];
  // The worker first: it builds the workflow bundle into the data folder's cache, which its restart reuses.
  let worker = await startChild(workerArgs);
  let api = await startChild(['api']);

  const killTree = async (child: ProcessWithOutput): Promise<void> => {
    if (child.pid === undefined) return;
    // Frozen at once, so the crash falls where the caller asked for it, not after `ps` has run;
    // then the process and its descendants (read before it dies and they are re-parented).
    process.kill(child.pid, 'SIGSTOP');
    for (const each of tree(child.pid).reverse()) {
      try {
        process.kill(each.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await exitOf(child);
  };

  return {
    apiBase: `http://127.0.0.1:${apiPort}`,
    temporalAddress: server.address,
    async kill(part) {
      if (part === 'api') return killTree(api);
      if (part === 'worker') return killTree(worker);
      if (server.pid !== undefined) process.kill(server.pid, 'SIGKILL');
      await server.stop();
    },
    async restart(part) {
      if (part === 'api') api = await startChild(['api']);
      else if (part === 'worker') worker = await startChild(workerArgs);
      else server = await startScratchDevServer(dataDir, log, serverPorts);
    },
    async close() {
      for (const child of [api, worker]) {
        child.kill('SIGTERM');
        await exitOf(child);
      }
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
