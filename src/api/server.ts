import type { AddressInfo } from 'node:net';
import type { Settings } from '../config';
import { localApiUrl, SettingsError } from '../config';
import type { Logger } from '../log';
import type { Project } from '../project/load-project';
import { connectClient } from '../temporal/connect';
import { temporalTarget } from '../temporal/target';
import { loadTracing } from '../tracing/load-tracing';
import { buildApp } from './app';
import { closeWithin } from './http/close-within';
import { isLoopback } from './http/loopback';
import { refuseShortSecrets } from './http/auth/secret-length';

/**
 * Where the API's process stands: alone (`conveyor api`), or inside the worker of `conveyor dev`,
 * which hands the port from one worker process to the next on a reload (src/dev/api-handover.ts).
 */
export interface ApiPlacement {
  /** Resolves with the port to listen on (`undefined`: the settings'), once the API may; `'stopped'` if `stopped` settles first. */
  port(stopped: Promise<void>): Promise<{ port: number | undefined } | 'stopped'>;
  /** The API listens, at `url`. */
  listening(url: string): void;
  /**
   * When given, the API lets go of its port first thing on a stop, before the event streams end
   * and the requests in flight finish, and calls this: the next process takes the port at once,
   * rather than after a long `?wait=`.
   */
  released?: () => void;
}

/** `conveyor api` on its own: listens at once on the settings' port; a parent process (a test, a benchmark) hears `ready`. */
const STANDALONE: ApiPlacement = {
  port: async () => ({ port: undefined }),
  listening: (url) => process.send?.({ type: 'ready', url }),
};

/**
 * Serves the API until SIGINT/SIGTERM/SIGHUP, then closes gracefully: in-flight requests finish,
 * for up to CONVEYOR_SHUTDOWN_GRACE; the connections still busy then are closed.
 */
export async function runApi(project: Project, settings: Settings, log: Logger, placement: ApiPlacement = STANDALONE): Promise<void> {
  refuseOpenServerWithoutAuth(settings.api);
  refuseShortSecrets(settings.api, log);
  // Heard from the start: in a worker of `conveyor dev`, a stop signal before the app is built
  // would otherwise be the worker's alone, and the API would go on serving after it.
  // SIGHUP too (a closed terminal): Node's default would end the process with requests in flight.
  const stopAsked = new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
  });
  const target = temporalTarget(settings);
  // Traces over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set: the client then carries each submit's trace into its workflow.
  const tracing = loadTracing(settings.tracing, 'api', log);
  // Connects lazily: the API starts (and /health answers) while Temporal is still coming up.
  const client = await connectClient(target, { lazy: true, failFast: true, interceptors: tracing?.clientInterceptors() });
  const app = await buildApp({ client, registry: project.registry, settings, log });
  const stopped = stopAsked.then(async () => {
    log.info('api stopping');
    // Once the server stops listening and its last connection has ended.
    let connectionsEnded = Promise.resolve();
    if (placement.released && app.server.listening) {
      // Node stops accepting at once and calls back once the open connections have ended;
      // Fastify's own close then finds the server closed, which it expects.
      connectionsEnded = new Promise((ended) => app.server.close(() => ended()));
      placement.released();
    }
    // Bounded: a client that stopped reading would otherwise hold the stop until the process is killed.
    const graceMs = settings.worker.shutdownGraceMs;
    const cut = await closeWithin(app.server, Promise.all([app.close(), connectionsEnded]), graceMs);
    if (cut > 0) log.warn({ connections: cut, ms: graceMs }, `api stopped: ${cut} connection(s) still busy after CONVEYOR_SHUTDOWN_GRACE were closed`);
    else log.info('api stopped');
  });
  try {
    const granted = await placement.port(stopped);
    if (granted === 'stopped') return;
    await app.listen({ host: settings.api.host, port: granted.port ?? settings.api.port });
    // The port really listened on: CONVEYOR_API_PORT=0 asks for any free one.
    const url = localApiUrl(settings.api.host, (app.server.address() as AddressInfo).port);
    log.info({ auth: settings.api.auth, temporal: target.address }, `API on ${url} (docs at ${url}/docs)`);
    placement.listening(url);
    await stopped;
  } finally {
    await client.connection.close();
    await tracing?.flush();
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
