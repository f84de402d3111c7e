import { beforeAll, describe, expect, it } from 'vitest';
import { ofKind, renderChart, renderChartFailure, type K8sObject } from './helm';
import { component, podSpec } from './pods';

const MONITORED = { 'metrics.serviceMonitor.enabled': true, 'metrics.serviceMonitor.labels.release': 'kube-prometheus-stack' };
const WORKERS = ['conveyor-worker-default', 'conveyor-worker-high-priority', 'conveyor-worker-long-running'];

interface Endpoint {
  port: string;
  path: string;
  interval: string;
  authorization?: { type: string; credentials: { name: string; key: string } };
}
const selectorOf = (object: K8sObject) => (object.spec as { selector: Record<string, string> | { matchLabels: Record<string, string> } }).selector;
const matchLabelsOf = (monitor: K8sObject) => (selectorOf(monitor) as { matchLabels: Record<string, string> }).matchLabels;
const endpointsOf = (monitor: K8sObject) => (monitor.spec as { endpoints: Endpoint[] }).endpoints;
const podLabelsOf = (deployment: K8sObject) => (deployment.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
const selects = (selector: Record<string, string>, labels: Record<string, string> | undefined) => Object.entries(selector).every(([key, value]) => labels?.[key] === value);
const byName = (objects: K8sObject[], kind: string, name: string) => ofKind(objects, kind).find((object) => object.metadata.name === name);

describe("the Helm chart's metrics: each worker's SDK metrics, ServiceMonitors on request", () => {
  const rendered: Record<'defaults' | 'monitored' | 'noWorkerMetrics', K8sObject[]> = { defaults: [], monitored: [], noWorkerMetrics: [] };
  beforeAll(async () => {
    [rendered.defaults, rendered.monitored, rendered.noWorkerMetrics] = await Promise.all([
      renderChart(),
      renderChart({ set: { ...MONITORED, 'metrics.serviceMonitor.apiKeySecret.name': 'prometheus-api-key', 'metrics.serviceMonitor.apiKeySecret.key': 'key' } }),
      renderChart({ set: { ...MONITORED, 'workerDefaults.metricsPort': 0 } }),
    ]);
  });

  it('exports every worker’s SDK metrics on port 9464 (CONVEYOR_WORKER_METRICS_PORT), and renders no ServiceMonitor by default', () => {
    const workers = ofKind(rendered.defaults, 'Deployment').filter((object) => component(object)?.startsWith('worker-'));
    expect(workers.map((worker) => worker.metadata.name)).toEqual(WORKERS);
    for (const worker of workers) {
      const container = podSpec(worker).containers[0]!;
      expect(container.env).toContainEqual({ name: 'CONVEYOR_WORKER_METRICS_PORT', value: '9464' });
      expect(container.ports).toContainEqual({ name: 'metrics', containerPort: 9464 });
    }
    expect(ofKind(rendered.defaults, 'ServiceMonitor')).toEqual([]);
    expect(byName(rendered.defaults, 'Service', 'conveyor-worker-metrics')).toBeUndefined();
  });

  it('monitors the API’s /metrics (with the API key from the Secret named) and every worker pod’s, through a headless Service that selects the workers alone', () => {
    const objects = rendered.monitored;
    const api = byName(objects, 'ServiceMonitor', 'conveyor-api')!;
    const workers = byName(objects, 'ServiceMonitor', 'conveyor-workers')!;
    for (const monitor of [api, workers]) {
      expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
      expect(monitor.metadata.labels?.release).toBe('kube-prometheus-stack');
    }

    // The API's monitor selects the API's Service, on its named port, sending the key as a bearer token.
    const apiServices = ofKind(objects, 'Service').filter((service) => selects(matchLabelsOf(api), service.metadata.labels));
    expect(apiServices.map((service) => service.metadata.name)).toEqual(['conveyor-api']);
    expect((apiServices[0]!.spec as { ports: { name: string }[] }).ports.map((port) => port.name)).toContain('http');
    expect(endpointsOf(api)).toEqual([
      { port: 'http', path: '/metrics', interval: '30s', authorization: { type: 'Bearer', credentials: { name: 'prometheus-api-key', key: 'key' } } },
    ]);

    // The workers' monitor selects the headless metrics Service, which selects every worker pod and no other.
    const metricsServices = ofKind(objects, 'Service').filter((service) => selects(matchLabelsOf(workers), service.metadata.labels));
    expect(metricsServices.map((service) => service.metadata.name)).toEqual(['conveyor-worker-metrics']);
    const metricsService = metricsServices[0]!;
    expect(metricsService.spec).toMatchObject({ clusterIP: 'None', ports: [{ name: 'metrics', port: 9464, targetPort: 'metrics' }] });
    const selected = ofKind(objects, 'Deployment').filter((deployment) => selects(selectorOf(metricsService) as Record<string, string>, podLabelsOf(deployment)));
    expect(selected.map((deployment) => deployment.metadata.name)).toEqual(WORKERS);
    expect(endpointsOf(workers)).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
  });

  it('with workerDefaults.metricsPort 0, exports no worker metrics and monitors the API alone', () => {
    const objects = rendered.noWorkerMetrics;
    for (const worker of ofKind(objects, 'Deployment').filter((object) => component(object)?.startsWith('worker-'))) {
      const container = podSpec(worker).containers[0]!;
      expect(container.env?.map((variable) => variable.name)).not.toContain('CONVEYOR_WORKER_METRICS_PORT');
      expect(container.ports?.map((port) => port.name)).toEqual(['health']);
    }
    expect(ofKind(objects, 'ServiceMonitor').map((monitor) => monitor.metadata.name)).toEqual(['conveyor-api']);
    expect(endpointsOf(ofKind(objects, 'ServiceMonitor')[0]!)[0]).not.toHaveProperty('authorization');
    expect(byName(objects, 'Service', 'conveyor-worker-metrics')).toBeUndefined();
  });

  it('refuses an API key Secret without its key, and CONVEYOR_WORKER_METRICS_PORT among the settings (the chart sets it)', async () => {
    const noKey = await renderChartFailure({ set: { ...MONITORED, 'metrics.serviceMonitor.apiKeySecret.name': 'prometheus-api-key' } });
    expect(noKey.code).not.toBe(0);
    expect(noKey.stderr).toContain('metrics.serviceMonitor.apiKeySecret.key is required');
    const asSetting = await renderChartFailure({ set: { 'settings.CONVEYOR_WORKER_METRICS_PORT': '9000' } });
    expect(asSetting.code).not.toBe(0);
    expect(asSetting.stderr).toContain('CONVEYOR_WORKER_METRICS_PORT');
  });
});
