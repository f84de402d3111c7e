import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient } from '../../src/client';
import { exitOf, ROOT, waitForOutput, withOutput } from '../helpers/cli';
import { seedBundleCache } from '../helpers/examples-bundle';
import { freePort } from '../helpers/free-port';
import { portAnswers } from '../helpers/port-answers';

/**
 * `npm start` with TEMPORAL_ADDRESS (a cluster such as deploy/cluster's, or the run's shared
 * Temporal here) runs only Conveyor's worker and API, on that Temporal.
 */
describe('npm start with TEMPORAL_ADDRESS', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-external-'));
  beforeAll(() => seedBundleCache(dataDir));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts no Temporal server, only the worker and the API, and runs tasks on the Temporal it names', async () => {
    const address = inject('temporalAddress');
    const [apiPort, devServerPort, devUiPort] = [await freePort(), await freePort(), await freePort()];
    const npm = withOutput(
      spawn('npm', ['start', '--', '--no-watch'], {
        cwd: ROOT,
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: address,
          TEMPORAL_NAMESPACE: 'default',
          CONVEYOR_DATA_DIR: dataDir,
          CONVEYOR_API_PORT: String(apiPort),
          // Where a dev server would listen if one were started: nothing must.
          CONVEYOR_TEMPORAL_PORT: String(devServerPort),
          CONVEYOR_TEMPORAL_UI_PORT: String(devUiPort),
          CONVEYOR_LOG_FORMAT: 'json',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    try {
      const ready = await waitForOutput(npm, /"msg":"Conveyor is ready: [^"]*"/);
      expect(npm.output()).toContain(`"msg":"using the Temporal cluster at ${address}; starting no server"`);
      expect(ready).toContain(`Temporal ${address}. Task types:`);
      expect(ready).not.toContain('Web UI');
      expect(await portAnswers(devServerPort)).toBe(false);
      expect(await portAnswers(devUiPort)).toBe(false);
      expect(existsSync(path.join(dataDir, 'temporal.sqlite'))).toBe(false);
      const commandLines = execFileSync('ps', ['-e', '-o', 'args='], { encoding: 'utf8' });
      expect(commandLines).not.toContain(`--db-filename ${path.join(dataDir, 'temporal.sqlite')}`);

      const task = await createClient({ url: `http://127.0.0.1:${apiPort}` }).submit('noop', {});
      expect(await task.result({ wait: '60s' })).toEqual({ ok: true });
    } finally {
      npm.kill('SIGTERM');
      await waitForOutput(npm, /"msg":"stopped"/);
      expect(await exitOf(npm)).toBe(0);
    }
  }, 180_000);
});
