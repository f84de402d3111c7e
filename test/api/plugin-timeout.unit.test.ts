import { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { buildApp, PLUGIN_TIMEOUT_MS } from '../../src/api/app';
import { loadSettings } from '../../src/config';
import { createLogger } from '../../src/log';
import { examplesProject } from '../helpers/examples';

describe('the API start', () => {
  it("gives each plugin a minute to load, not Fastify's 10 s, so a starved host still starts it", async () => {
    const settings = loadSettings({ CONVEYOR_LOG_LEVEL: 'warn' });
    // The Temporal client connects lazily, on a first call this test never makes.
    const app = await buildApp({ client: new Client(), registry: (await examplesProject()).registry, settings, log: createLogger('plugin-timeout-test', settings.log) });
    try {
      expect(PLUGIN_TIMEOUT_MS).toBe(60_000);
      expect(app.initialConfig.pluginTimeout).toBe(PLUGIN_TIMEOUT_MS);
    } finally {
      await app.close();
    }
  });
});
