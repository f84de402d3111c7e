import type { Logger } from '../../src/log';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server/dev-server';
import type { Durability } from '../../src/durability';
import { freePort } from './free-port';
import { toolPath } from './tools';

export interface ScratchDevServerOptions {
  /** A restart on the same data file reuses its ports. */
  port?: number;
  uiPort?: number;
  /** `npm start`'s default (`process-crash`) unless given. */
  durability?: Durability;
  /** Dynamic config values besides Conveyor's own (e.g. {@link TEST_DYNAMIC_CONFIG}). */
  dynamicConfig?: Record<string, string | number | boolean>;
  /** SQLite pragmas besides the durability level's. */
  sqlitePragmas?: string[];
}

/**
 * The test run's server: Temporal deletes a closed execution only once its history service has
 * checkpointed the close (`history.transferProcessorUpdateAckInterval`, 30 s by default), so a test
 * that deletes a task it just finished would wait that long; this server checkpoints every second.
 * (Benchmarks keep the defaults.)
 */
export const TEST_DYNAMIC_CONFIG = {
  'history.transferProcessorUpdateAckInterval': '1s',
  'history.visibilityProcessorUpdateAckInterval': '1s',
};

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
    ...(options.dynamicConfig ? { dynamicConfig: options.dynamicConfig } : {}),
    ...(options.sqlitePragmas ? { sqlitePragmas: options.sqlitePragmas } : {}),
    log,
  });
}
