import http from 'node:http';
import type { RunnableWorker } from './run-workers';
import { listenOnPort } from './listen-on-port';

/** The worker's `GET /health`, for container health checks and Kubernetes probes. */
export interface WorkerHealthEndpoint {
  port: number;
  /** Stops answering: probes then find nothing listening. */
  close(): Promise<void>;
}

/**
 * Serves `GET /health` on `port`: 200 `{"status":"ok"}` while every one of the process's workers
 * is RUNNING, 503 `{"status":"<state>"}` otherwise (starting, draining after SIGTERM, failed).
 * It listens on every interface, as a probe reaches a container or pod by its own address; it
 * answers only that status. `workers()` is read at each request: the workers exist only once the
 * bundle is loaded, and until then the answer is 503 `starting`.
 */
export async function serveWorkerHealth(port: number, workers: () => readonly Pick<RunnableWorker, 'getState'>[]): Promise<WorkerHealthEndpoint> {
  const server = http.createServer((request, response) => {
    if (request.url !== '/health' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_found', message: 'only GET /health is served here' }));
      return;
    }
    const states = workers().map((worker) => worker.getState());
    const status = states.length === 0 ? 'starting' : (states.find((state) => state !== 'RUNNING')?.toLowerCase() ?? 'ok');
    response.writeHead(status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ status }));
  });
  return listenOnPort(server, port, undefined, "the worker's health endpoint", 'CONVEYOR_WORKER_HEALTH_PORT');
}
