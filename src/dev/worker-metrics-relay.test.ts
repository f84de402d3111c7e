import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { serveWorkerMetricsRelay, type WorkerMetricsRelay } from './worker-metrics-relay';

/** A stand-in for a worker's SDK exporter: answers its own text on GET /metrics. */
async function fakeExporter(text: string): Promise<http.Server> {
  const server = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(text));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const portOf = (server: http.Server | WorkerMetricsRelay): number => ('address' in server ? (server.address() as AddressInfo).port : server.port);

describe("conveyor dev's worker metrics relay", () => {
  const open: { close(): unknown }[] = [];
  afterEach(async () => {
    for (const server of open.splice(0)) await server.close();
  });

  it('answers with the metrics of the worker serving now, 503 while none exports any, 404 elsewhere', async () => {
    const [first, second] = [await fakeExporter('temporal_worker_start 1\n'), await fakeExporter('temporal_worker_start 2\n')];
    open.push(first, second);
    let serving: number | undefined;
    const relay = await serveWorkerMetricsRelay(0, () => serving);
    open.push(relay);
    const get = (path = '/metrics') => fetch(`http://127.0.0.1:${relay.port}${path}`).then(async (response) => ({ status: response.status, text: await response.text() }));

    expect(await get()).toMatchObject({ status: 503 });
    serving = portOf(first);
    expect(await get()).toEqual({ status: 200, text: 'temporal_worker_start 1\n' });
    serving = portOf(second); // a reload: the same port, the new worker's metrics
    expect(await get()).toEqual({ status: 200, text: 'temporal_worker_start 2\n' });
    expect(await get('/health')).toMatchObject({ status: 404 });
    second.close();
    expect(await get()).toMatchObject({ status: 502 });
  });

  it('fails naming CONVEYOR_WORKER_METRICS_PORT when its port is taken', async () => {
    const holder = await fakeExporter('');
    open.push(holder);
    await expect(serveWorkerMetricsRelay(portOf(holder), () => undefined)).rejects.toThrow(
      `the worker metrics of conveyor dev cannot listen on port ${portOf(holder)} (CONVEYOR_WORKER_METRICS_PORT): EADDRINUSE`,
    );
  });
});
