/**
 * Where a worker process exports the Temporal SDK's own metrics (task slots, schedule-to-start
 * latency, polls, sticky cache, workflow and activity outcomes) for Prometheus, on `GET /metrics`.
 */
export interface WorkerMetricsPlacement {
  /** The interface the exporter listens on: every one in production (Prometheus scrapes the pod), loopback under `conveyor dev`. */
  host: string;
  /** The port to try: CONVEYOR_WORKER_METRICS_PORT's, or under `conveyor dev` a free one picked for each try. */
  port(): Promise<number>;
  /** How many ports to try before giving up: 1 for a port the settings name. */
  tries: number;
  /** Where the port came from, for the error when none can be bound (the variable's name). */
  source: string;
  /** Told the port once the exporter listens. */
  listening?(port: number): void;
}

/** Exports the SDK's metrics on every interface of CONVEYOR_WORKER_METRICS_PORT; none when it is unset. */
export function metricsPlacementFromSettings(port: number | undefined): WorkerMetricsPlacement | undefined {
  if (port === undefined) return undefined;
  return { host: '0.0.0.0', port: () => Promise.resolve(port), tries: 1, source: 'CONVEYOR_WORKER_METRICS_PORT' };
}
