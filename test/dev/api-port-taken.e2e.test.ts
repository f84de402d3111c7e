import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitOf, spawnCli } from '../helpers/cli';
import { seedBundleCache } from '../helpers/examples-bundle';
import { freePort } from '../helpers/free-port';
import { portAnswers } from '../helpers/port-answers';
import { toolPath } from '../helpers/tools';

/**
 * The worker process of `conveyor dev` serves the API too (src/dev/api-handover.ts). An API that
 * cannot listen is a failed start, however far its worker got: the stack stops at once, with the
 * reason, rather than starting the process again and again.
 */
describe('conveyor dev, with the API port taken', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-dev-port-'));
  const taken = net.createServer();
  beforeAll(async () => {
    seedBundleCache(dataDir);
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => {
    taken.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops at once with exit code 1, naming the port, starts no worker again, and stops its Temporal server without announcing it', async () => {
    const port = (taken.address() as net.AddressInfo).port;
    const temporalPort = await freePort();
    const dev = spawnCli(['dev', '--no-watch'], {
      TEMPORAL_ADDRESS: '',
      // The pinned CLI, not a copy installed from PyPI into this fresh data folder: a first run's install is not what this file checks.
      TEMPORAL_CLI_PATH: toolPath('temporal'),
      CONVEYOR_TEMPORAL_PORT: String(temporalPort),
      CONVEYOR_TEMPORAL_UI_PORT: String(await freePort()),
      CONVEYOR_DATA_DIR: dataDir,
      CONVEYOR_API_PORT: String(port),
      CONVEYOR_LOG_FORMAT: 'json',
    });
    expect(await exitOf(dev)).toBe(1);
    const output = dev.output();
    expect(output).toContain(`error: listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
    expect(output).toContain('"msg":"worker exited unexpectedly (exit code 1); stopping everything"');
    expect(output).not.toContain('starting a new one');
    expect(output).toContain('"msg":"stopped"');
    // The embedded server may have started before the worker failed, or only after: either way it
    // is stopped, and a server that comes up once the stack is stopping is not announced.
    const announced = output.indexOf('"msg":"Temporal dev server on ');
    if (announced >= 0) expect(announced).toBeLessThan(output.indexOf('"msg":"stopping: '));
    expect(await portAnswers(temporalPort)).toBe(false);
  }, 60_000);
});
