/**
 * The Temporal SDK's worker metrics that Conveyor's Grafana dashboard (deploy/grafana/) and its
 * docs name, with their Prometheus types, as a worker exports them (CONVEYOR_WORKER_METRICS_PORT,
 * the SDK's default names: `temporal_` prefix, counters without `_total`, durations in
 * milliseconds). test/worker/metrics.e2e.test.ts checks each against a real worker's scrape; the
 * dashboard's test checks that it names no other worker metric.
 */
export const WORKER_SDK_METRICS = {
  temporal_worker_task_slots_available: 'gauge',
  temporal_worker_task_slots_used: 'gauge',
  temporal_workflow_task_schedule_to_start_latency: 'histogram',
  temporal_activity_schedule_to_start_latency: 'histogram',
  temporal_workflow_task_queue_poll_succeed: 'counter',
  temporal_num_pollers: 'gauge',
  temporal_sticky_cache_hit: 'counter',
  temporal_sticky_cache_size: 'gauge',
  temporal_workflow_completed: 'counter',
  temporal_workflow_endtoend_latency: 'histogram',
  temporal_activity_execution_latency: 'histogram',
} as const satisfies Record<string, 'counter' | 'gauge' | 'histogram'>;
