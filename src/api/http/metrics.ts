import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The API's Prometheus metrics, on a registry of its own (no global state between app instances). */
export interface ApiMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  tasksSubmitted: Counter<'task_name'>;
  tasksFinished: Gauge<'task_name' | 'status'>;
  openStreams: Gauge;
  /** Tasks waiting for a worker per queue and kind (`workflow`, `activity`), as Temporal reports them at scrape time. */
  queueBacklog: Gauge<'queue' | 'kind'>;
  /** How long the oldest of them has waited. */
  queueBacklogAge: Gauge<'queue' | 'kind'>;
  /** Failed sign-ins by reason (`invalid_credentials`, `rate_limited`); never by user name. */
  authFailures: Counter<'reason'>;
}

export function createMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    tasksSubmitted: new Counter({ name: 'conveyor_tasks_submitted_total', help: 'Tasks submitted through this API process, by task type', labelNames: ['task_name'], registers: [registry] }),
    tasksFinished: new Gauge({
      name: 'conveyor_tasks_finished',
      help: 'Tasks that completed or failed, by task type, as Temporal visibility counts them (within the namespace retention)',
      labelNames: ['task_name', 'status'],
      registers: [registry],
    }),
    openStreams: new Gauge({ name: 'conveyor_sse_streams_open', help: 'Open Server-Sent Events streams', registers: [registry] }),
    queueBacklog: new Gauge({
      name: 'conveyor_queue_backlog',
      help: "Tasks waiting for a worker on each of the registry's queues, by kind of task (workflow, activity), as Temporal approximates them",
      labelNames: ['queue', 'kind'],
      registers: [registry],
    }),
    queueBacklogAge: new Gauge({
      name: 'conveyor_queue_backlog_age_seconds',
      help: "How long the oldest task waiting on each of the registry's queues has waited, by kind of task, as Temporal approximates it",
      labelNames: ['queue', 'kind'],
      registers: [registry],
    }),
    authFailures: new Counter({
      name: 'conveyor_api_auth_failures_total',
      help: 'Requests whose credentials were refused: wrong (invalid_credentials), or not checked after too many failures (rate_limited)',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
}
