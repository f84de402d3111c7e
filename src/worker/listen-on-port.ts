import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A small endpoint a Conveyor process serves beside its work (health, metrics): its port, and how to close it. */
export interface ListeningEndpoint {
  port: number;
  close: () => Promise<void>;
}

/**
 * Listens on `port` (every interface, or `host`); a port that cannot be taken fails naming what
 * listens and the setting that chose the port. Closing drops open connections too.
 */
export async function listenOnPort(server: Server, port: number, host: string | undefined, what: string, setting: string): Promise<ListeningEndpoint> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new Error(`${what} cannot listen on port ${port} (${setting}): ${error.code ?? error.message}`)));
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
