import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { WorkerMetricsPlacement } from '../worker/metrics-placement';
import { listenOnPort } from '../worker/listen-on-port';

/**
 * Under `conveyor dev` the worker's SDK metrics stay on one port across reloads, although a reload
 * starts a new worker process beside the one serving (each exports its own, and the SDK binds its
 * exporter for the life of the process). So each worker exports on a loopback port of its own
 * and says which; the supervisor listens on the port it names in its log (CONVEYOR_WORKER_METRICS_PORT,
 * or a free one) and answers `GET /metrics` with the metrics of the worker serving now.
 */

/** Set by `conveyor dev` on its worker: export the SDK's metrics on a free loopback port and say which. */
export const DEV_WORKER_METRICS_ENV = 'CONVEYOR_DEV_WORKER_METRICS';

/** What a worker of `conveyor dev` sends once its SDK exports metrics. */
export interface WorkerMetricsMessage {
  type: 'worker-metrics';
  port: number;
}

export function isWorkerMetricsMessage(message: unknown): message is WorkerMetricsMessage {
  const candidate = message as Partial<WorkerMetricsMessage> | null;
  return typeof candidate === 'object' && candidate !== null && candidate.type === 'worker-metrics' && typeof candidate.port === 'number';
}

/** The worker's side: a free loopback port (tried three times: another process may take it first), reported to the supervisor. */
export function devWorkerMetricsPlacement(): WorkerMetricsPlacement {
  return {
    host: '127.0.0.1',
    port: freeLoopbackPort,
    tries: 3,
    source: 'a free port picked under conveyor dev',
    listening: (port) => process.send?.({ type: 'worker-metrics', port } satisfies WorkerMetricsMessage),
  };
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface WorkerMetricsRelay {
  /** The port it listens on (the one asked for, or the one the system picked for 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * The supervisor's side: serves `GET /metrics` on loopback's `port` (0: any free one), relaying
 * the exporter of the worker `servingPort()` names; 503 while no worker exports any.
 */
export async function serveWorkerMetricsRelay(port: number, servingPort: () => number | undefined): Promise<WorkerMetricsRelay> {
  const server = http.createServer((request, response) => {
    if (request.url !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics is served here\n');
      return;
    }
    const upstream = servingPort();
    if (upstream === undefined) {
      response.writeHead(503, { 'content-type': 'text/plain' }).end('no worker exports metrics yet (it is starting)\n');
      return;
    }
    const relayed = http.get({ host: '127.0.0.1', port: upstream, path: '/metrics', method: request.method }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'text/plain', 'cache-control': 'no-store' });
      answer.pipe(response);
    });
    relayed.once('error', (error) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`the worker's metrics did not answer: ${error.message}\n`);
    });
  });
  return listenOnPort(server, port, '127.0.0.1', "the worker metrics of conveyor dev", 'CONVEYOR_WORKER_METRICS_PORT');
}
