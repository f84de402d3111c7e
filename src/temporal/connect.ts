import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type WorkflowClientInterceptor } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { TemporalTarget } from './target';

/** With three attempts, a fail-fast call gives up within about a second in the worst case. */
export const FAIL_FAST_MAX_INTERVAL_MS = 500;

export interface ClientOptions {
  /** Connect on first use, so a server can start before Temporal answers. */
  lazy?: boolean;
  /**
   * Give up on an unreachable Temporal after a few quick retries (about half a second) instead
   * of the SDK's ten: an HTTP caller is better served by a prompt 503 than a 20-second hang.
   */
  failFast?: boolean;
  /** Interceptors of the client's workflow calls (tracing's, src/tracing/); none by default. */
  interceptors?: WorkflowClientInterceptor[] | undefined;
}

/** A Temporal client for the CLI and the API. Close `client.connection` when done. */
export async function connectClient(target: TemporalTarget, options: ClientOptions = {}): Promise<Client> {
  const connectionOptions = options.failFast
    ? { ...target.connectionOptions, interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 3, maxIntervalMs: () => FAIL_FAST_MAX_INTERVAL_MS }))] }
    : target.connectionOptions;
  const connection = options.lazy ? Connection.lazy(connectionOptions) : await Connection.connect(connectionOptions);
  return new Client({ connection, namespace: target.namespace, ...(options.interceptors && { interceptors: { workflow: options.interceptors } }) });
}

/** The native connection a worker process shares between its workers (and its activities' client). */
export async function connectNative(target: TemporalTarget): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect(target.connectionOptions);
  } catch (error) {
    throw new TemporalUnreachableError(target, error);
  }
}

/** Temporal did not answer at the configured address; the message names the setting to change. */
export class TemporalUnreachableError extends Error {
  constructor(target: TemporalTarget, cause: unknown) {
    super(
      `cannot reach Temporal at ${target.address} (${(cause as Error).message ?? String(cause)}); is \`npm start\` running, or is TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE, TEMPORAL_TLS_*, TEMPORAL_API_KEY) right?`,
      { cause },
    );
    this.name = 'TemporalUnreachableError';
  }
}
