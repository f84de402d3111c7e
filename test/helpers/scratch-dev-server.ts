import type { Logger } from '../../src/log';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import type { Durability } from '../../src/temporal/sqlite-durability';
import { freePort } from './free-port';
import { toolPath } from './tools';

export interface ScratchDevServerOptions {
  /** A restart on the same data file reuses its ports. */
  port?: number;
  uiPort?: number;
  /** `npm start`'s default (`process-crash`) unless given. */
  durability?: Durability;
}

/**
 * A Temporal dev server of a test run's or a benchmark's own: loopback, the default namespace,
 * the pinned CLI (or TEMPORAL_CLI_PATH's), on free ports unless they are given.
 */
export async function startScratchDevServer(dataDir: string, log: Logger, options: ScratchDevServerOptions = {}): Promise<DevServer> {
  return startDevServer({
    dataDir,
    host: '127.0.0.1',
    port: options.port ?? (await freePort()),
    uiPort: options.uiPort ?? (await freePort()),
    namespace: 'default',
    cliPath: toolPath('temporal'),
    durability: options.durability ?? 'process-crash',
    log,
  });
}
