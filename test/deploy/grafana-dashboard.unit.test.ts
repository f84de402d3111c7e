import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/api/http/metrics';
import { WORKER_SDK_METRICS } from '../helpers/worker-sdk-metrics';

const DASHBOARD = path.join(__dirname, '../../deploy/grafana/conveyor-dashboard.json');

interface Target {
  expr: string;
  datasource: { uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown }[] };
}

const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
const queries = [
  ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr)),
  ...dashboard.templating.list.flatMap((variable) => (variable.type === 'query' ? [JSON.stringify(variable.query)] : [])),
];

/** Every metric the exporters really have, with its type: the API's registry, and the workers' SDK metrics (checked against a real scrape in test/worker/metrics.e2e.test.ts). */
async function exportedMetrics(): Promise<Map<string, string>> {
  const api = await createMetrics().registry.getMetricsAsJSON();
  return new Map<string, string>([...api.map((metric) => [metric.name, String(metric.type)] as const), ...Object.entries(WORKER_SDK_METRICS)]);
}

/** The metric names a query reads: the exporters' prefixes (a histogram's series by its family's name and suffix). */
function metricsIn(query: string): { family: string; series: string }[] {
  return [...query.matchAll(/\b(?:temporal|conveyor|http|process|nodejs)_[a-z0-9_]+/g)].map(([series]) => ({ series, family: series.replace(/_(bucket|count|sum)$/, '') }));
}

describe('the Grafana dashboard (deploy/grafana/conveyor-dashboard.json)', () => {
  it('is a dashboard Grafana imports: unique panel ids, every panel on the chosen Prometheus data source, within the 24-column grid', () => {
    expect(dashboard).toMatchObject({ uid: 'conveyor', title: 'Conveyor' });
    expect(dashboard.templating.list.map((variable) => variable.name)).toEqual(['datasource', 'queue']);
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels.filter((candidate) => candidate.type !== 'row')) {
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
      for (const target of panel.targets ?? []) expect(target.datasource.uid).toBe('${datasource}');
    }
  });

  it('reads only metrics that the API and the workers export, each as its type allows', async () => {
    const exported = await exportedMetrics();
    for (const query of queries) {
      const named = metricsIn(query);
      expect(named.length, query).toBeGreaterThan(0);
      for (const { family, series } of named) {
        const type = exported.get(series) ?? exported.get(family);
        expect(type, `${series} in ${query}`).toBeDefined();
        // A histogram is read by its series (_bucket for quantiles); anything else by its own name.
        if (series !== family) expect(type, `${series} in ${query}`).toBe('histogram');
        else expect(type, `${series} in ${query}`).not.toBe('histogram');
        // rate() only over counters.
        if (new RegExp(`rate\\(${series}\\b`).test(query)) expect(type === 'counter' || series.endsWith('_bucket'), `rate over ${series} (${type})`).toBe(true);
      }
    }
  });

  it('shows throughput, latency and failures per task type, queue backlog, slots, schedule-to-start, polls and the sticky cache', () => {
    const read = new Set(queries.flatMap((query) => metricsIn(query).map(({ family }) => family)));
    for (const metric of [
      'conveyor_tasks_submitted_total',
      'temporal_workflow_completed',
      'conveyor_tasks_finished',
      'temporal_workflow_endtoend_latency',
      'conveyor_queue_backlog',
      'temporal_worker_task_slots_used',
      'temporal_worker_task_slots_available',
      'temporal_workflow_task_schedule_to_start_latency',
      'temporal_activity_schedule_to_start_latency',
      'temporal_workflow_task_queue_poll_succeed',
      'temporal_sticky_cache_hit',
    ]) {
      expect(read, metric).toContain(metric);
    }
  });
});
