import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { Settings } from '../config';

/** Where and how to reach Temporal: connection options plus the namespace. */
export interface TemporalTarget {
  address: string;
  namespace: string;
  /** Options accepted by both `Connection.connect` and `NativeConnection.connect`. */
  connectionOptions: ReturnType<typeof loadClientConnectConfig>['connectionOptions'];
}

/**
 * The embedded dev server, or the cluster named by Temporal's own environment variables
 * (`TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, `TEMPORAL_TLS_*`, or a
 * `TEMPORAL_CONFIG_FILE` profile), read by the SDK's envconfig.
 */
export function temporalTarget(settings: Settings): TemporalTarget {
  if (settings.temporalMode === 'embedded') {
    const host = settings.devServer.host === '0.0.0.0' ? '127.0.0.1' : settings.devServer.host;
    const address = `${host}:${settings.devServer.port}`;
    return { address, namespace: settings.namespace, connectionOptions: { address } };
  }
  const { connectionOptions, namespace } = loadClientConnectConfig();
  return {
    address: connectionOptions.address ?? 'localhost:7233',
    namespace: namespace ?? settings.namespace,
    connectionOptions,
  };
}
