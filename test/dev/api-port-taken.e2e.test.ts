import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { exitOf, spawnCli } from '../helpers/cli';
import { seedBundleCache } from '../helpers/examples-bundle';

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

  it('stops at once with exit code 1, naming the port, and starts no worker again', async () => {
    const port = (taken.address() as net.AddressInfo).port;
    const dev = spawnCli(['dev', '--no-watch'], {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: 'default',
      CONVEYOR_DATA_DIR: dataDir,
      CONVEYOR_API_PORT: String(port),
      CONVEYOR_LOG_FORMAT: 'json',
    });
    expect(await exitOf(dev)).toBe(1);
    expect(dev.output()).toContain(`error: listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
    expect(dev.output()).toContain('"msg":"worker exited unexpectedly (exit code 1); stopping everything"');
    expect(dev.output()).not.toContain('starting a new one');
    expect(dev.output()).toContain('"msg":"stopped"');
  }, 60_000);
});
