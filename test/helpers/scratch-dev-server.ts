import type { Logger } from '../../src/log';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import { freePort } from './free-port';

/**
 * A Temporal dev server of a test run's or a benchmark's own: loopback, the default namespace,
 * the CLI from TEMPORAL_CLI_PATH (else PATH), on free ports unless `ports` are given (a restart
 * on the same data file reuses them).
 */
export async function startScratchDevServer(dataDir: string, log: Logger, ports?: { port: number; uiPort: number }): Promise<DevServer> {
  return startDevServer({
    dataDir,
    host: '127.0.0.1',
    port: ports?.port ?? (await freePort()),
    uiPort: ports?.uiPort ?? (await freePort()),
    namespace: 'default',
    cliPath: process.env.TEMPORAL_CLI_PATH,
    log,
  });
}
