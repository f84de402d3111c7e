import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log';
import type { DevServer } from '../src/temporal/dev-server';
import { startTask } from '../src/temporal/start-task';
import { exitOf, readyMessage, spawnCli } from './helpers/cli';
import { freePort } from './helpers/free-port';
import { examplesProject } from './helpers/examples';
import { startScratchDevServer } from './helpers/scratch-dev-server';
import { untilActivityWorking } from './helpers/temporal';

/** A dev server of this test's own (the shared one must keep running for the other tests). */
describe('dev server restart', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-restart-'));
  const log = createLogger('test', { level: 'warn', format: 'pretty' });
  let server: DevServer | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tasks in flight complete after the server restarts on its data file', async () => {
    const ports = { port: await freePort(), uiPort: await freePort() };
    const start = () => startScratchDevServer(dataDir, log, ports);
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
        startTask(client, registry, { taskName: 'example_long_running', params: { duration: 4, message: `restart ${i}` }, submitter: 'test' }),
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
});
