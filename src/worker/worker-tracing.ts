import type { WorkerOptions } from '@temporalio/worker';
import type { Logger } from '../log';
import type { Tracing } from '../tracing/load-tracing';
import { bundleTraces } from './workflow-bundle';

/**
 * What each worker takes to trace: the activity interceptors and the workflow spans' sink; nothing
 * without tracing. A pre-built bundle (CONVEYOR_WORKFLOW_BUNDLE) traces workflows only if it was
 * built with `--tracing`: a worker whose tracing disagrees with its bundle says so, and one without
 * tracing drops the spans of a bundle that makes them (the sink must exist, or the SDK logs an error
 * per span).
 */
export function workerTracing(tracing: Tracing | undefined, prebuiltBundle: string | undefined, log: Logger): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  const bundleTracing = prebuiltBundle === undefined ? tracing !== undefined : bundleTraces(prebuiltBundle);
  if (tracing && !bundleTracing) {
    log.warn({ bundle: prebuiltBundle }, 'traces: CONVEYOR_WORKFLOW_BUNDLE was built without --tracing: activities are traced, workflows are not (build it with `conveyor worker bundle --tracing`)');
  }
  if (!tracing && bundleTracing) {
    log.warn({ bundle: prebuiltBundle }, 'traces: CONVEYOR_WORKFLOW_BUNDLE was built with --tracing but no OTLP endpoint is set: its workflow spans are dropped');
    return { sinks: { exporter: { export: { fn: () => undefined } } } };
  }
  return tracing?.workerOptions() ?? {};
}
