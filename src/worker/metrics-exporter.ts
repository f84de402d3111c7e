import { Runtime, type RuntimeOptions } from '@temporalio/worker';
import type { WorkerMetricsPlacement } from './metrics-placement';

/**
 * Installs the process's one SDK runtime, with its Prometheus exporter when `metrics` places one.
 * The SDK binds the exporter's port at once: a port that is taken fails here, naming the setting,
 * before the worker connects to anything.
 */
export async function installWorkerRuntime(options: Omit<RuntimeOptions, 'telemetryOptions'>, metrics: WorkerMetricsPlacement | undefined): Promise<void> {
  if (!metrics) {
    Runtime.install(options);
    return;
  }
  for (let attempt = 1; ; attempt++) {
    const port = await metrics.port();
    try {
      // The SDK's own names and units (counters without `_total`, durations in milliseconds), as
      // Temporal's documentation and dashboards use them.
      Runtime.install({ ...options, telemetryOptions: { metrics: { prometheus: { bindAddress: `${metrics.host}:${port}` } } } });
      metrics.listening?.(port);
      return;
    } catch (error) {
      // A failed install leaves no runtime behind: the next try installs afresh.
      const reason = (error as Error).message.replace(/^Failed to start prometheus metrics exporter: /, '');
      if (attempt >= metrics.tries) throw new Error(`the worker's metrics endpoint cannot listen on port ${port} (${metrics.source}): ${reason}`);
    }
  }
}
