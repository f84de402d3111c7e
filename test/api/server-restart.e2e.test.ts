import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log';
import type { DevServer } from '../../src/temporal/dev-server/dev-server';
import { startTask } from '../../src/temporal/tasks/start-task';
import { exitOf, readyMessage, spawnCli } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { examplesProject } from '../helpers/examples';
import { seedBundleCache } from '../helpers/examples-bundle';
import { startScratchDevServer, type ScratchDevServerOptions } from '../helpers/scratch-dev-server';
import { sqliteJournalMode } from '../helpers/sqlite-journal';
import { uniqueQueue, untilActivityWorking } from '../helpers/temporal';

/** Dev servers of this file's own (the shared one must keep running for the other tests), one data folder per test. */
describe('dev server restart', () => {
  const dataDirs: string[] = [];
  const log = createLogger('test', { level: 'warn', format: 'pretty' });
  /** The one this test works with; every server started is stopped at the end (stopping a stopped one is a no-op). */
  let server: DevServer | undefined;
  const started: DevServer[] = [];
  afterAll(async () => {
    for (const each of started) await each.stop();
    for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
  });

  /** A fresh data folder and a starter that brings its server back up on the same file and ports. */
  async function scratchServer(): Promise<{ dataDir: string; start: (options?: ScratchDevServerOptions) => Promise<DevServer> }> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-restart-'));
    dataDirs.push(dataDir);
    seedBundleCache(dataDir);
    const ports = { port: await freePort(), uiPort: await freePort() };
    const start = async (options: ScratchDevServerOptions = {}): Promise<DevServer> => {
      server = await startScratchDevServer(dataDir, log, { ...ports, ...options });
      started.push(server);
      return server;
    };
    return { dataDir, start };
  }

  it('tasks in flight complete after the server restarts on its data file', async () => {
    const { dataDir, start } = await scratchServer();
    server = await start();
    const worker = spawnCli(['worker', 'start', '--queues', 'computor-tasks,computor-long-running'], {
      TEMPORAL_ADDRESS: server.address,
      CONVEYOR_DATA_DIR: dataDir,
      CONVEYOR_LOG_LEVEL: 'error',
    });
    await readyMessage(worker);

    let connection = await Connection.connect({ address: server.address });
    let client = new Client({ connection });
    const { registry } = await examplesProject();
    const tasks = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        startTask(client, registry, { taskName: 'example_long_running', params: { duration: 4, message: `restart ${i}` } }, { name: 'test', role: 'admin' }),
      ),
    );
    const first = tasks[0]!;
    await untilActivityWorking(client, first.handle);
    expect((await first.handle.describe()).status.name).toBe('RUNNING');
    await connection.close();

    await server.stop();
    server = await start();

    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
    try {
      const results = await Promise.all(tasks.map((task) => client.workflow.getHandle(task.taskId).result()));
      results.forEach((result, i) => expect(result).toMatchObject({ message: `restart ${i}`, requested_duration: 4 }));
    } finally {
      await connection.close();
      worker.kill('SIGTERM');
      await exitOf(worker);
    }
  }, 120_000);

  it('keeps a write-ahead log by default, and tasks it accepted run after the server is SIGKILLed and restarted', async () => {
    const { dataDir, start } = await scratchServer();
    server = await start();
    expect(sqliteJournalMode(server.dbFile)).toBe('wal');
    expect(existsSync(`${server.dbFile}-wal`)).toBe(true);

    // No worker polls this queue yet: the tasks exist only as the server recorded them.
    const queue = uniqueQueue('sigkill');
    const { registry } = await examplesProject();
    let connection = await Connection.connect({ address: server.address });
    const taskIds: string[] = [];
    try {
      const client = new Client({ connection });
      for (let i = 0; i < 3; i++) {
        taskIds.push((await startTask(client, registry, { taskName: 'noop', params: {}, queue }, { name: 'test', role: 'admin' })).taskId);
      }
    } finally {
      await connection.close();
    }

    process.kill(server.pid!, 'SIGKILL');
    await server.stop();
    server = await start();

    const worker = spawnCli(['worker', 'start', '--queues', queue], { TEMPORAL_ADDRESS: server.address, CONVEYOR_DATA_DIR: dataDir, CONVEYOR_LOG_LEVEL: 'error' });
    connection = await Connection.connect({ address: server.address });
    try {
      await readyMessage(worker, 120_000);
      const client = new Client({ connection });
      const results = await Promise.all(taskIds.map((taskId) => client.workflow.getHandle(taskId).result()));
      expect(results).toEqual(taskIds.map(() => ({ ok: true })));
    } finally {
      await connection.close();
      worker.kill('SIGTERM');
      await exitOf(worker);
    }
  }, 180_000);

  it('power-loss durability puts a file that kept a write-ahead log back on a rollback journal', async () => {
    const { start } = await scratchServer();
    server = await start();
    expect(sqliteJournalMode(server.dbFile)).toBe('wal');
    await server.stop();

    server = await start({ durability: 'power-loss' });

    expect(sqliteJournalMode(server.dbFile)).toBe('rollback');
    expect(existsSync(`${server.dbFile}-wal`)).toBe(false);
  }, 120_000);
});
