import type { TracingSettings } from '../config';
import type { Logger } from '../log';
import type * as TracingModule from './tracing';

export type { Tracing, TracedService } from './tracing';

/**
 * The process's tracing when the settings turn it on (an OTLP endpoint is set), else undefined and
 * nothing at all set up: no tracer provider, no interceptors, and the OpenTelemetry SDK not even
 * loaded (Conveyor's own spans then go to the OpenTelemetry API's no-op tracer).
 */
export function loadTracing(settings: TracingSettings | undefined, service: TracingModule.TracedService, log: Logger): TracingModule.Tracing | undefined {
  if (!settings) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand: without tracing, the SDK stays out of memory
  const { startTracing } = require('./tracing') as typeof TracingModule;
  const tracing = startTracing(settings, service, log);
  log.info({ service }, 'traces: exported over OTLP (OTEL_EXPORTER_OTLP_ENDPOINT)');
  return tracing;
}
