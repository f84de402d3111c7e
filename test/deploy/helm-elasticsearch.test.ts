import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lintChart, ofKind, renderChart, renderChartFailure, REPO_ROOT, type K8sObject, type ValuesOptions } from './helm';
import { component, podSpec, type Container, type EnvVar } from './pods';
import { clusterDefaults, clusterSettingNames } from './setting-names';

// Elasticsearch visibility in the chart's self-hosted mode, on an Elasticsearch the chart does not
// run: the services' settings, the password by secretKeyRef only, the index step in the schema Job.

const SERVICES = ['history', 'matching', 'frontend', 'worker'];
const ES_PASSWORD = 'espass-4c19d7';
const SELF_HOSTED = { 'temporal.mode': 'selfHosted', 'temporal.selfHosted.postgres.host': 'postgres.internal', 'temporal.selfHosted.postgres.password': 'pw' };
const ELASTICSEARCH = { ...SELF_HOSTED, 'temporal.selfHosted.elasticsearch.enabled': true, 'temporal.selfHosted.elasticsearch.url': 'https://es.internal:9200' };
/** The Secret the chart creates from `password`. */
const CHART_SECRET: ValuesOptions = { set: { ...ELASTICSEARCH, 'temporal.selfHosted.elasticsearch.password': ES_PASSWORD } };
/** A Secret of the user's, under a key of its own. */
const EXISTING_SECRET: ValuesOptions = { set: { ...ELASTICSEARCH, 'temporal.selfHosted.elasticsearch.existingSecret': 'es-creds', 'temporal.selfHosted.elasticsearch.existingSecretKey': 'es-pw' } };

/** What the template and the index step read besides the password, and the password itself. */
const SETTINGS = ['CONVEYOR_CLUSTER_VISIBILITY_STORE', 'CONVEYOR_CLUSTER_ES_URL', 'CONVEYOR_CLUSTER_ES_INDEX', 'CONVEYOR_CLUSTER_ES_USER'];
const PASSWORD = 'CONVEYOR_CLUSTER_ES_PASSWORD';

const byComponent = (objects: K8sObject[], kind: string, name: string) => ofKind(objects, kind).find((object) => component(object) === name);
const serverSettings = (objects: K8sObject[]) => ofKind(objects, 'ConfigMap').find((object) => object.metadata.name === 'conveyor-temporal-server')!.data as Record<string, string>;
const envVar = (container: Container, name: string): EnvVar | undefined => container.env?.find((variable) => variable.name === name);

const rendered = new Map<ValuesOptions, K8sObject[]>();
beforeAll(async () => {
  for (const options of [CHART_SECRET, EXISTING_SECRET]) rendered.set(options, await renderChart(options));
});

describe('Elasticsearch visibility in the Helm chart (temporal.selfHosted.elasticsearch)', () => {
  it('gives every Temporal server container the store, URL, index and user, by names deploy/cluster/settings.sh defines', () => {
    const objects = rendered.get(CHART_SECRET)!;
    const settings = serverSettings(objects);
    expect(settings).toMatchObject({
      CONVEYOR_CLUSTER_VISIBILITY_STORE: 'elasticsearch',
      CONVEYOR_CLUSTER_ES_URL: 'https://es.internal:9200',
      // values.yaml's default index is the cluster scripts' default.
      CONVEYOR_CLUSTER_ES_INDEX: clusterDefaults().get('CONVEYOR_CLUSTER_ES_INDEX'),
      CONVEYOR_CLUSTER_ES_USER: 'elastic',
    });
    const known = clusterSettingNames();
    for (const name of [...SETTINGS, PASSWORD]) expect(known, name).toContain(name);
    const configTemplate = readFileSync(path.join(REPO_ROOT, 'deploy/cluster/temporal.yaml'), 'utf8');
    for (const name of [...SETTINGS, PASSWORD]) expect(configTemplate, name).toContain(`env "${name}"`);
    for (const service of SERVICES) {
      const container = podSpec(byComponent(objects, 'Deployment', `temporal-${service}`)!).containers[0]!;
      expect(container.envFrom, service).toEqual([{ configMapRef: { name: 'conveyor-temporal-server' } }]);
    }
  });

  it('hands the password to every server container by secretKeyRef, from the Secret the chart makes or the one named', () => {
    for (const [options, reference] of [
      [CHART_SECRET, { name: 'conveyor-temporal-elasticsearch', key: 'password' }],
      [EXISTING_SECRET, { name: 'es-creds', key: 'es-pw' }],
    ] as const) {
      const objects = rendered.get(options)!;
      for (const service of SERVICES) {
        const container = podSpec(byComponent(objects, 'Deployment', `temporal-${service}`)!).containers[0]!;
        expect(envVar(container, PASSWORD), service).toEqual({ name: PASSWORD, valueFrom: { secretKeyRef: reference } });
      }
      expect(serverSettings(objects)).not.toHaveProperty(PASSWORD);
    }
    expect(ofKind(rendered.get(EXISTING_SECRET)!, 'Secret').map((secret) => secret.metadata.name)).not.toContain('conveyor-temporal-elasticsearch');
  });

  it('keeps the password value in its Secret only, a hook that exists before the schema Job', () => {
    const objects = rendered.get(CHART_SECRET)!;
    const secret = ofKind(objects, 'Secret').find((object) => object.metadata.name === 'conveyor-temporal-elasticsearch')!;
    expect(secret.stringData).toEqual({ password: ES_PASSWORD });
    for (const object of objects.filter((candidate) => candidate.kind !== 'Secret')) expect(JSON.stringify(object), `${object.kind} ${object.metadata.name}`).not.toContain(ES_PASSWORD);
    const schemaJob = byComponent(objects, 'Job', 'temporal-schema')!;
    expect(secret.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(Number(secret.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(Number(schemaJob.metadata.annotations?.['helm.sh/hook-weight']));
  });

  it('runs the index step in the schema Job after schema.sh, with the services’ settings and the password by secretKeyRef', () => {
    for (const options of [CHART_SECRET, EXISTING_SECRET]) {
      const objects = rendered.get(options)!;
      const spec = podSpec(byComponent(objects, 'Job', 'temporal-schema')!);
      // An init container runs to completion before the Job's container starts.
      expect(spec.initContainers?.map((container) => container.command)).toEqual([['schema.sh']]);
      expect(spec.containers.map((container) => container.command)).toEqual([['elasticsearch-schema.sh']]);
      const [index] = spec.containers;
      const settings = serverSettings(objects);
      for (const name of SETTINGS.filter((setting) => setting !== 'CONVEYOR_CLUSTER_VISIBILITY_STORE')) expect(envVar(index!, name)?.value, name).toBe(settings[name]);
      const servicePassword = envVar(podSpec(byComponent(objects, 'Deployment', 'temporal-history')!).containers[0]!, PASSWORD);
      expect(envVar(index!, PASSWORD)).toEqual(servicePassword);
      // A hook runs before the chart's ConfigMaps exist: its settings are inline.
      expect(index!.envFrom).toBeUndefined();
    }
  });

  it('leaves the services, the schema Job and the Secrets as they were while it is off, whatever else is set', async () => {
    const off = await renderChart({ set: { ...CHART_SECRET.set, 'temporal.selfHosted.elasticsearch.enabled': false } });
    expect(off).toEqual(await renderChart({ set: SELF_HOSTED }));
    expect(JSON.stringify(off)).not.toMatch(/CONVEYOR_CLUSTER_(ES_|VISIBILITY_STORE)|elasticsearch/);
    expect(podSpec(byComponent(off, 'Job', 'temporal-schema')!).initContainers).toBeUndefined();
  });

  it.each([
    ['the chart’s Secret', CHART_SECRET],
    ['an existing Secret', EXISTING_SECRET],
    ['the production example with it on', { valueFiles: ['deploy/helm/examples/production.yaml'], set: { 'temporal.selfHosted.elasticsearch.enabled': true } }],
  ])('passes helm lint --strict with %s', async (_, options) => {
    const result = await lintChart(options);
    expect(result.stdout + result.stderr).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(result.code).toBe(0);
  });

  it('shows it off in the production example, ready to turn on with a Secret of the user’s', () => {
    const production = parse(readFileSync(path.join(REPO_ROOT, 'deploy/helm/examples/production.yaml'), 'utf8')) as { temporal: { selfHosted: { elasticsearch: Record<string, unknown> } } };
    expect(production.temporal.selfHosted.elasticsearch).toMatchObject({ enabled: false, existingSecret: expect.any(String) as string });
    expect(production.temporal.selfHosted.elasticsearch).not.toHaveProperty('password');
  });

  it('refuses it without a URL or a password, or with a URL the config template would cut, naming the value', async () => {
    const noUrl = await renderChartFailure({ set: { ...CHART_SECRET.set, 'temporal.selfHosted.elasticsearch.url': '' } });
    expect(noUrl.code).not.toBe(0);
    expect(noUrl.stderr).toContain('temporal.selfHosted.elasticsearch.url is required with temporal.selfHosted.elasticsearch.enabled');
    const noPassword = await renderChartFailure({ set: ELASTICSEARCH });
    expect(noPassword.code).not.toBe(0);
    expect(noPassword.stderr).toContain('temporal.selfHosted.elasticsearch.password (or elasticsearch.existingSecret) is required');
    // The template keeps only the URL's scheme and host: a path would be dropped without a word.
    const withPath = await renderChartFailure({ set: { ...CHART_SECRET.set, 'temporal.selfHosted.elasticsearch.url': 'https://es.internal:9200/visibility' } });
    expect(withPath.code).not.toBe(0);
    expect(withPath.stderr).toContain("at '/temporal/selfHosted/elasticsearch/url'");
  });
});
