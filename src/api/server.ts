import type { AddressInfo } from 'node:net';
import type { Settings } from '../config';
import { localApiUrl, SettingsError } from '../config';
import type { Logger } from '../log';
import type { Project } from '../project/load-project';
import { connectClient } from '../temporal/connect';
import { temporalTarget } from '../temporal/target';
import { buildApp } from './app';
import { isLoopback } from './http/loopback';
import { refuseShortSecrets } from './http/auth/secret-length';

/** Serves the API until SIGINT/SIGTERM/SIGHUP, then closes gracefully (in-flight requests finish). */
export async function runApi(project: Project, settings: Settings, log: Logger): Promise<void> {
  refuseOpenServerWithoutAuth(settings.api);
  refuseShortSecrets(settings.api, log);
  const target = temporalTarget(settings);
  // Connects lazily: the API starts (and /health answers) while Temporal is still coming up.
  const client = await connectClient(target, { lazy: true, failFast: true });
  const app = await buildApp({ client, registry: project.registry, settings, log });
  const stopped = new Promise<void>((resolve) => {
    // SIGHUP too (a closed terminal): Node's default would end the process with requests in flight.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        log.info('api stopping');
        void app.close().then(resolve);
      });
    }
  });
  try {
    await app.listen({ host: settings.api.host, port: settings.api.port });
    // The port really listened on: CONVEYOR_API_PORT=0 asks for any free one.
    const url = localApiUrl(settings.api.host, (app.server.address() as AddressInfo).port);
    log.info({ auth: settings.api.auth, temporal: target.address }, `API on ${url} (docs at ${url}/docs)`);
    process.send?.({ type: 'ready', url });
    await stopped;
  } finally {
    await client.connection.close();
  }
}

/**
 * CONVEYOR_AUTH=none is for a developer's own machine; anywhere else it needs an explicit force.
 * Throws {@link SettingsError} naming CONVEYOR_AUTH; runApi calls it before anything else.
 */
export function refuseOpenServerWithoutAuth(api: Settings['api']): void {
  if (api.auth !== 'none' || isLoopback(api.host) || api.allowInsecure) return;
  throw new SettingsError([
    `CONVEYOR_AUTH: is none, but CONVEYOR_API_HOST=${api.host} is not a loopback address; set CONVEYOR_AUTH=keys with CONVEYOR_API_KEYS or CONVEYOR_USERS, or CONVEYOR_AUTH_ALLOW_INSECURE=true to serve without auth anyway`,
  ]);
}
