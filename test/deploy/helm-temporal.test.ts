import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ofKind, renderChart, renderChartFailure, REPO_ROOT, type K8sObject, type ValuesOptions } from './helm';
import { component, podSpec } from './pods';
import { clusterDefaults } from './setting-names';

const SERVICES = ['history', 'matching', 'frontend', 'worker'];
const DATABASE = { 'temporal.selfHosted.postgres.host': 'postgres.internal', 'temporal.selfHosted.postgres.port': 5432, 'temporal.selfHosted.postgres.password': 'pw' };
const SELF_HOSTED: ValuesOptions = { set: { 'temporal.mode': 'selfHosted', ...DATABASE } };

const byComponent = (objects: K8sObject[], kind: string, name: string) => ofKind(objects, kind).find((object) => component(object) === name);
const envOf = (object: K8sObject) => Object.fromEntries((podSpec(object).containers[0]!.env ?? []).map((variable) => [variable.name, variable.value ?? variable.valueFrom]));

describe('Temporal in the Helm chart', () => {
  it('self-hosted: renders history, matching, frontend and worker, the frontend Service and the schema and namespace Jobs', async () => {
    const objects = await renderChart(SELF_HOSTED);
    for (const service of SERVICES) {
      const deployment = byComponent(objects, 'Deployment', `temporal-${service}`);
      expect(deployment, service).toBeDefined();
      // As cluster.sh starts each service: one config template, one service per process.
      expect(podSpec(deployment!).containers[0]!.command).toEqual(['server']);
      expect(podSpec(deployment!).containers[0]!.args).toEqual(['--config-file', '/etc/temporal/temporal.yaml', '--allow-no-auth', 'start', '--service', service]);
    }
    expect(byComponent(objects, 'Service', 'temporal-frontend')?.spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 7233 }, { port: 7243 }] });
    expect(ofKind(objects, 'Job').map(component).sort()).toEqual(['temporal-namespace', 'temporal-schema']);
    expect(ofKind(objects, 'ConfigMap').find((object) => object.metadata.name === 'conveyor-settings')?.data).toMatchObject({
      TEMPORAL_ADDRESS: 'conveyor-temporal-frontend.tasks.svc:7233',
    });
  });

  it('self-hosted: fences Temporal’s services with NetworkPolicies that admit the release’s own pods by their labels', async () => {
    const objects = await renderChart(SELF_HOSTED);
    // Who each policy admits: helm-temporal-fence.test.ts.
    expect(ofKind(objects, 'NetworkPolicy').map((policy) => policy.metadata.name)).toEqual(['conveyor-temporal', 'conveyor-temporal-frontend']);
    const [policy] = ofKind(objects, 'NetworkPolicy');
    expect(policy?.spec).toMatchObject({
      podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/instance', values: ['conveyor'] }, { key: 'app.kubernetes.io/component', values: SERVICES.map((service) => `temporal-${service}`) }] },
      policyTypes: ['Ingress'],
    });
    // Every pod of the release carries the instance label the policies admit by: Conveyor's and Temporal's, Jobs too.
    const pods = objects.filter((candidate) => candidate.kind === 'Deployment' || candidate.kind === 'Job');
    expect(pods.map((object) => object.metadata.name).sort()).toEqual(
      ['api', 'worker-default', 'worker-high-priority', 'worker-long-running', ...SERVICES.map((service) => `temporal-${service}`), 'temporal-namespace', 'temporal-schema']
        .map((name) => `conveyor-${name}`)
        .sort(),
    );
    for (const object of pods) {
      expect((object.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels['app.kubernetes.io/instance'], object.metadata.name).toBe('conveyor');
    }
  });

  it('external: renders no Temporal service, Job or database Secret', async () => {
    const objects = await renderChart({ set: { 'temporal.mode': 'external', 'temporal.external.address': 'temporal.example.com:7233', ...DATABASE } });
    expect(objects.filter((object) => component(object)?.startsWith('temporal'))).toEqual([]);
    expect(ofKind(objects, 'Job')).toEqual([]);
    expect(ofKind(objects, 'ConfigMap').map((object) => object.metadata.name)).toEqual(['conveyor-settings']);
  });

  it('starts history first: the other three services wait for its port in an init container', async () => {
    const objects = await renderChart(SELF_HOSTED);
    expect(podSpec(byComponent(objects, 'Deployment', 'temporal-history')!).initContainers).toBeUndefined();
    const history = byComponent(objects, 'Service', 'temporal-history')!;
    expect(history.spec).toMatchObject({ clusterIP: 'None', ports: [{ port: Number(clusterDefaults().get('CONVEYOR_CLUSTER_HISTORY_PORT')) }] });
    for (const service of ['matching', 'frontend', 'worker']) {
      const [wait] = podSpec(byComponent(objects, 'Deployment', `temporal-${service}`)!).initContainers ?? [];
      expect(wait?.command?.join(' '), service).toContain(`/dev/tcp/${history.metadata.name}.tasks.svc/7234`);
    }
  });

  it('fills the config template the way cluster:up does: its ports, each pod’s own address, the frontend by its Service name', async () => {
    const objects = await renderChart(SELF_HOSTED);
    const settings = ofKind(objects, 'ConfigMap').find((object) => object.metadata.name === 'conveyor-temporal-server')!.data as Record<string, string>;
    const defaults = clusterDefaults();
    const ports = Object.entries(settings).filter(([name]) => /_PORT$/.test(name) && name !== 'CONVEYOR_CLUSTER_DB_PORT');
    expect(ports.map(([name]) => name).sort()).toEqual(
      ['FRONTEND', 'FRONTEND_HTTP', 'HISTORY', 'MATCHING', 'WORKER', ...SERVICES.map((service) => `${service.toUpperCase()}_MEMBERSHIP`)].map((name) => `CONVEYOR_CLUSTER_${name}_PORT`).sort(),
    );
    for (const [name, value] of ports) {
      expect(value, name).toBe(defaults.get(name));
    }
    expect(settings).toMatchObject({
      CONVEYOR_CLUSTER_SQL_PLUGIN: 'postgres12',
      CONVEYOR_CLUSTER_PG_HOST: 'postgres.internal',
      CONVEYOR_CLUSTER_DB_PORT: '5432',
      CONVEYOR_CLUSTER_SHARDS: '512',
      CONVEYOR_CLUSTER_FRONTEND_ADDRESS: 'conveyor-temporal-frontend.tasks.svc:7233',
      CONVEYOR_CLUSTER_DYNAMIC_CONFIG: '/etc/temporal/dynamicconfig.yaml',
    });
    for (const service of SERVICES) {
      const env = envOf(byComponent(objects, 'Deployment', `temporal-${service}`)!);
      expect(env.CONVEYOR_CLUSTER_HOST, service).toEqual({ fieldRef: { fieldPath: 'status.podIP' } });
      expect(env.CONVEYOR_CLUSTER_METRICS_PORT, service).toBe(defaults.get(`CONVEYOR_CLUSTER_${service.toUpperCase()}_METRICS_PORT`));
      expect(env.CONVEYOR_CLUSTER_DB_PASSWORD, service).toEqual({ secretKeyRef: { name: 'conveyor-temporal-postgres', key: 'password' } });
    }
  });

  it('through PgBouncer the services use postgres12_pgx, while the schema Job still goes straight to PostgreSQL', async () => {
    const objects = await renderChart({ set: { ...SELF_HOSTED.set, 'temporal.selfHosted.postgres.pgbouncer.enabled': true, 'temporal.selfHosted.postgres.pgbouncer.host': 'pgbouncer.internal' } });
    const settings = ofKind(objects, 'ConfigMap').find((object) => object.metadata.name === 'conveyor-temporal-server')!.data;
    expect(settings).toMatchObject({ CONVEYOR_CLUSTER_SQL_PLUGIN: 'postgres12_pgx', CONVEYOR_CLUSTER_PG_HOST: 'pgbouncer.internal', CONVEYOR_CLUSTER_DB_PORT: '6432' });
    const schema = byComponent(objects, 'Job', 'temporal-schema')!;
    expect(envOf(schema)).toMatchObject({ CONVEYOR_CLUSTER_PG_HOST: 'postgres.internal', CONVEYOR_CLUSTER_PG_PORT: '5432' });
  });

  it('runs the schema Job before the services on every install and upgrade, and the namespace Job after them', async () => {
    const objects = await renderChart(SELF_HOSTED);
    const hook = (object: K8sObject | undefined) => object?.metadata.annotations?.['helm.sh/hook'];
    expect(hook(byComponent(objects, 'Job', 'temporal-schema'))).toBe('pre-install,pre-upgrade');
    expect(hook(byComponent(objects, 'Job', 'temporal-namespace'))).toBe('post-install,post-upgrade');
    // The password the pre-install Job reads must exist before it: a hook of lower weight.
    const secret = ofKind(objects, 'Secret').find((object) => object.metadata.name === 'conveyor-temporal-postgres');
    expect(hook(secret)).toBe('pre-install,pre-upgrade');
    expect(Number(secret?.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(Number(byComponent(objects, 'Job', 'temporal-schema')?.metadata.annotations?.['helm.sh/hook-weight']));
  });

  it('runs the image’s schema and namespace steps, the ones cluster:up runs, with the chart’s values', async () => {
    const objects = await renderChart({ set: { ...SELF_HOSTED.set, 'temporal.namespace': 'tasks-ns' } });
    const schema = byComponent(objects, 'Job', 'temporal-schema')!;
    expect(podSpec(schema).containers[0]!.command).toEqual(['schema.sh']);
    expect(envOf(schema)).toMatchObject({ CONVEYOR_CLUSTER_DB_USER: 'temporal', CONVEYOR_CLUSTER_DB_NAME: 'temporal', CONVEYOR_CLUSTER_VISIBILITY_DB_NAME: 'temporal_visibility' });
    const namespace = byComponent(objects, 'Job', 'temporal-namespace')!;
    expect(podSpec(namespace).containers[0]!.command).toEqual(['namespace.sh']);
    expect(envOf(namespace)).toMatchObject({ TEMPORAL_ADDRESS: 'conveyor-temporal-frontend.tasks.svc:7233', TEMPORAL_NAMESPACE: 'tasks-ns', CONVEYOR_CLUSTER_RETENTION: '72h' });
    // Conveyor's processes use the namespace the Job creates.
    expect(ofKind(objects, 'ConfigMap').find((object) => object.metadata.name === 'conveyor-settings')?.data).toMatchObject({ TEMPORAL_NAMESPACE: 'tasks-ns' });
  });

  it('refuses self-hosted mode without a database or its password, naming the value', async () => {
    const noHost = await renderChartFailure({ set: { 'temporal.mode': 'selfHosted', 'temporal.selfHosted.postgres.password': 'pw' } });
    expect(noHost.code).not.toBe(0);
    expect(noHost.stderr).toContain('temporal.selfHosted.postgres.host is required');
    const noPassword = await renderChartFailure({ set: { 'temporal.mode': 'selfHosted', 'temporal.selfHosted.postgres.host': 'pg' } });
    expect(noPassword.stderr).toContain('temporal.selfHosted.postgres.password (or postgres.existingSecret) is required');
  });

  it('keeps the Temporal UI off by default, read-only when on, and without an Ingress unless login is configured', async () => {
    expect(byComponent(await renderChart(SELF_HOSTED), 'Deployment', 'temporal-ui')).toBeUndefined();
    const withUi = await renderChart({ set: { ...SELF_HOSTED.set, 'temporal.ui.enabled': true } });
    expect(envOf(byComponent(withUi, 'Deployment', 'temporal-ui')!)).toMatchObject({ TEMPORAL_DISABLE_WRITE_ACTIONS: 'true' });
    expect(byComponent(withUi, 'Ingress', 'temporal-ui')).toBeUndefined();
    const publicUi = await renderChartFailure({ set: { ...SELF_HOSTED.set, 'temporal.ui.enabled': true, 'temporal.ui.ingress.enabled': true } });
    expect(publicUi.code).not.toBe(0);
    expect(publicUi.stderr).toContain('temporal.ui.ingress.enabled needs temporal.ui.auth.enabled');
    const production = await renderChart({ valueFiles: ['deploy/helm/examples/production.yaml'] });
    expect(envOf(byComponent(production, 'Deployment', 'temporal-ui')!)).toMatchObject({ TEMPORAL_AUTH_ENABLED: 'true', TEMPORAL_DISABLE_WRITE_ACTIONS: 'true' });
    expect(byComponent(production, 'Ingress', 'temporal-ui')).toBeDefined();
  });
});

describe('values.schema.json', () => {
  it('is what helm checks values against: a bad value fails helm template, naming the value and the rule', async () => {
    const mode = await renderChartFailure({ set: { 'temporal.mode': 'cloud' } });
    expect(mode.code).not.toBe(0);
    expect(mode.stderr).toContain("values don't meet the specifications of the schema");
    expect(mode.stderr).toContain("at '/temporal/mode': value must be one of 'external', 'selfHosted'");
    const worker = await renderChartFailure({ valueFiles: [], set: { 'workers[0].name': 'Default_Queue', 'workers[0].queues[0]': 'q', 'workers[0].replicas': 1, 'workers[0].concurrency': 5, 'workers[0].resources.requests.cpu': '1', 'workers[0].resources.requests.memory': '1Gi' } });
    expect(worker.stderr).toContain("at '/workers/0/name': 'Default_Queue' does not match pattern");
  });

  it('refuses a secret among the settings, which would land in the ConfigMap', async () => {
    const result = await renderChartFailure({ set: { 'settings.CONVEYOR_API_KEYS': 'ops:admin:k' } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("invalid propertyName 'CONVEYOR_API_KEYS'");
  });

  it('lists every value of values.yaml, so a typo in a values file is refused', async () => {
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'deploy/helm/conveyor/values.schema.json'), 'utf8')) as { additionalProperties: boolean };
    expect(schema.additionalProperties).toBe(false);
    const typo = await renderChartFailure({ set: { 'api.replica': 3 } });
    expect(typo.stderr).toContain("additional properties 'replica' not allowed");
  });
});
