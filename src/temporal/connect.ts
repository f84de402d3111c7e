import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { TemporalTarget } from './target';

/**
 * A Temporal client for the CLI and the API. Close `client.connection` when done.
 * `lazy` connects on first use, so a server can start before Temporal answers.
 */
export async function connectClient(target: TemporalTarget, options: { lazy?: boolean } = {}): Promise<Client> {
  const connection = options.lazy ? Connection.lazy(target.connectionOptions) : await Connection.connect(target.connectionOptions);
  return new Client({ connection, namespace: target.namespace });
}

/** The native connection a worker process shares between its workers (and its activities' client). */
export async function connectNative(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect(target.connectionOptions);
}
