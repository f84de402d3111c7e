import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintChart, ofKind, renderChart, REPO_ROOT, type K8sObject, type ValuesOptions } from './helm';
import { component, podSpec, probePort, workloads, type Container } from './pods';
import { clusterServerVersion, clusterSettingNames, conveyorSettingNames, temporalClientNames } from './setting-names';

const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const PRODUCTION = 'deploy/helm/examples/production.yaml';
const TEMPORAL_CLOUD = 'deploy/helm/examples/temporal-cloud.yaml';
/** The defaults with Temporal self-hosted, which needs a database. */
const SELF_HOSTED: ValuesOptions = { set: { 'temporal.mode': 'selfHosted', 'temporal.selfHosted.postgres.host': 'postgres.internal', 'temporal.selfHosted.postgres.password': 'pw' } };
/**
 * The worker health endpoint's setting, the one name the image's half of issue 15 adds to the
 * settings module (src/worker/, src/config.ts on its branch); the chart sets it for its probes.
 */
const WORKER_HEALTH_SETTING = 'CONVEYOR_WORKER_HEALTH_PORT';

const RENDERS = {
  defaults: {},
  'defaults, Temporal self-hosted': SELF_HOSTED,
  'Temporal self-hosted with Elasticsearch visibility': {
    set: { ...SELF_HOSTED.set, 'temporal.selfHosted.elasticsearch.enabled': true, 'temporal.selfHosted.elasticsearch.url': 'https://es.internal:9200', 'temporal.selfHosted.elasticsearch.password': 'espw' },
  },
  'the production example': { valueFiles: [PRODUCTION] },
  'the Temporal Cloud example': { valueFiles: [TEMPORAL_CLOUD] },
} satisfies Record<string, ValuesOptions>;

const CONVEYOR_DEPLOYMENTS = ['conveyor-api', 'conveyor-worker-default', 'conveyor-worker-high-priority', 'conveyor-worker-long-running'];
const SELF_HOSTED_WORKLOADS = {
  deployments: [...CONVEYOR_DEPLOYMENTS, 'conveyor-temporal-history', 'conveyor-temporal-matching', 'conveyor-temporal-frontend', 'conveyor-temporal-worker'],
  jobs: ['conveyor-temporal-namespace', 'conveyor-temporal-schema'],
};
/** The Deployments and Jobs of each render: a test that checks every one of them first checks they are all there. */
const WORKLOADS: Record<keyof typeof RENDERS, { deployments: string[]; jobs: string[] }> = {
  defaults: { deployments: CONVEYOR_DEPLOYMENTS, jobs: [] },
  'defaults, Temporal self-hosted': SELF_HOSTED_WORKLOADS,
  'Temporal self-hosted with Elasticsearch visibility': SELF_HOSTED_WORKLOADS,
  'the production example': { ...SELF_HOSTED_WORKLOADS, deployments: [...SELF_HOSTED_WORKLOADS.deployments, 'conveyor-temporal-ui'] },
  'the Temporal Cloud example': { deployments: CONVEYOR_DEPLOYMENTS, jobs: [] },
};
const namesOf = (objects: K8sObject[]) => objects.map((object) => object.metadata.name).sort();

const rendered = new Map<string, K8sObject[]>();
beforeAll(async () => {
  for (const [name, options] of Object.entries(RENDERS)) rendered.set(name, await renderChart(options));
});
const objectsOf = (name: keyof typeof RENDERS) => rendered.get(name)!;

/** Every container of every Deployment and Job, init containers included, with its owner's name. */
function allContainers(objects: K8sObject[]): { owner: string; container: Container; init: boolean }[] {
  return workloads(objects).flatMap((object) => {
    const spec = podSpec(object);
    const owner = `${object.kind} ${object.metadata.name}`;
    return [...spec.containers.map((container) => ({ owner, container, init: false })), ...(spec.initContainers ?? []).map((container) => ({ owner, container, init: true }))];
  });
}

describe('the Helm chart, rendered by helm itself', () => {
  it.each([
    ['the default values', []],
    ['the production example', [PRODUCTION]],
    ['the Temporal Cloud example', [TEMPORAL_CLOUD]],
  ])('passes helm lint --strict with %s', async (_, valueFiles) => {
    const result = await lintChart({ valueFiles });
    expect(result.stdout + result.stderr).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(result.code).toBe(0);
  });

  it.each(Object.keys(RENDERS) as (keyof typeof RENDERS)[])('runs the Conveyor image at the package version and the server image at the cluster scripts’ version (%s)', (name) => {
    const images = allContainers(objectsOf(name)).map(({ container }) => container.image);
    const conveyor = images.filter((image) => /\/?conveyor:/.test(image));
    const server = images.filter((image) => image.includes('conveyor-temporal-server:'));
    expect(conveyor.length).toBeGreaterThan(0);
    // The server image runs exactly where Temporal is self-hosted.
    expect(server.length > 0, 'runs the server image').toBe(WORKLOADS[name].jobs.length > 0);
    for (const image of conveyor) expect(image).toMatch(new RegExp(`(^|/)conveyor:${PACKAGE_VERSION.replaceAll('.', '\\.')}$`));
    for (const image of server) expect(image).toMatch(new RegExp(`(^|/)conveyor-temporal-server:${clusterServerVersion().replaceAll('.', '\\.')}$`));
  });

  it.each(Object.keys(RENDERS) as (keyof typeof RENDERS)[])('gives every long-running container readiness and liveness probes on a port it opens (%s)', (name) => {
    expect(namesOf(ofKind(objectsOf(name), 'Deployment'))).toEqual([...WORKLOADS[name].deployments].sort());
    for (const object of ofKind(objectsOf(name), 'Deployment')) {
      for (const container of podSpec(object).containers) {
        for (const probe of [container.readinessProbe, container.livenessProbe]) {
          expect(probe, `${object.metadata.name}/${container.name}`).toBeDefined();
          const port = probe!.httpGet?.port ?? probe!.tcpSocket?.port;
          expect(probePort(container, port!), `${object.metadata.name}/${container.name} probes a port it declares`).toBeTypeOf('number');
        }
      }
    }
  });

  it.each(Object.keys(RENDERS) as (keyof typeof RENDERS)[])('gives every container resource requests and a non-root, unprivileged security context (%s)', (name) => {
    expect(namesOf(workloads(objectsOf(name)))).toEqual([...WORKLOADS[name].deployments, ...WORKLOADS[name].jobs].sort());
    for (const object of workloads(objectsOf(name))) {
      const spec = podSpec(object);
      // The Temporal UI runs as its own image's non-root user; every other image is Conveyor's (uid 10001).
      const uid = component(object) === 'temporal-ui' ? 1000 : 10001;
      expect(spec.securityContext, object.metadata.name).toMatchObject({ runAsNonRoot: true, runAsUser: uid });
    }
    for (const { owner, container } of allContainers(objectsOf(name))) {
      const what = `${owner}/${container.name}`;
      expect(container.resources?.requests?.cpu, what).toBeDefined();
      expect(container.resources?.requests?.memory, what).toBeDefined();
      expect(container.securityContext, what).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      // The Temporal UI's image is not ours to know; everything else runs on a read-only root.
      if (container.name !== 'ui') expect(container.securityContext?.readOnlyRootFilesystem, what).toBe(true);
    }
  });

  it.each(Object.keys(RENDERS) as (keyof typeof RENDERS)[])('names only variables Conveyor, Temporal’s client or the cluster template reads (%s)', (name) => {
    const known = new Set([...conveyorSettingNames(), ...temporalClientNames(), ...clusterSettingNames(), WORKER_HEALTH_SETTING]);
    const objects = objectsOf(name);
    const names = [
      ...ofKind(objects, 'ConfigMap').flatMap((configMap) => Object.keys((configMap.data as Record<string, string> | undefined) ?? {})),
      ...allContainers(objects)
        .filter(({ container }) => container.name !== 'ui') // the Temporal UI's own variables (TEMPORAL_UI_PORT, …)
        .flatMap(({ container }) => (container.env ?? []).map((variable) => variable.name)),
    ];
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((variable) => !known.has(variable))).toEqual([]);
  });

  it('reads settings from a ConfigMap and gives the containers no secret they do not need', () => {
    const objects = objectsOf('defaults');
    const [settings] = ofKind(objects, 'ConfigMap');
    expect(settings!.data).toMatchObject({ CONVEYOR_API_HOST: '0.0.0.0', CONVEYOR_API_PORT: '8000', CONVEYOR_LOG_FORMAT: 'json', TEMPORAL_ADDRESS: 'temporal-frontend.temporal.svc:7233' });
    expect(namesOf(ofKind(objects, 'Deployment'))).toEqual([...CONVEYOR_DEPLOYMENTS].sort());
    for (const object of ofKind(objects, 'Deployment')) {
      expect(podSpec(object).containers[0]!.envFrom).toEqual([{ configMapRef: { name: settings!.metadata.name } }]);
    }
  });

  it('serves the API with readiness on GET /ready and liveness on GET /health, port 8000, behind a Service', () => {
    const objects = objectsOf('defaults');
    const api = ofKind(objects, 'Deployment').find((object) => component(object) === 'api')!;
    const container = podSpec(api).containers[0]!;
    expect(container.args).toEqual(['api']);
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(probePort(container, 'http')).toBe(8000);
    const service = ofKind(objects, 'Service').find((object) => component(object) === 'api');
    expect(service?.spec).toMatchObject({ ports: [{ targetPort: 'http' }] });
    expect(ofKind(objects, 'Ingress')).toEqual([]);
  });

  it('runs one worker Deployment per workers entry, probing the worker health endpoint it configures', () => {
    const workers = ofKind(objectsOf('defaults'), 'Deployment').filter((object) => component(object)?.startsWith('worker-'));
    const queuesOf = (object: K8sObject) => podSpec(object).containers[0]!.args;
    expect(workers.map((object) => object.metadata.name)).toEqual(['conveyor-worker-default', 'conveyor-worker-high-priority', 'conveyor-worker-long-running']);
    expect(workers.map(queuesOf)).toEqual([
      ['worker', '--queues', 'computor-tasks', '--concurrency', '100'],
      ['worker', '--queues', 'computor-high-priority', '--concurrency', '100'],
      ['worker', '--queues', 'computor-long-running', '--concurrency', '20'],
    ]);
    for (const worker of workers) {
      const container = podSpec(worker).containers[0]!;
      const healthPort = Number(container.env?.find((variable) => variable.name === WORKER_HEALTH_SETTING)?.value);
      expect(container.readinessProbe?.httpGet?.path).toBe('/health');
      expect(container.livenessProbe?.httpGet?.path).toBe('/health');
      expect(probePort(container, container.livenessProbe!.httpGet!.port)).toBe(healthPort);
      // SIGTERM drains in-flight activities for CONVEYOR_SHUTDOWN_GRACE (30s) before the kill.
      expect(podSpec(worker).terminationGracePeriodSeconds).toBeGreaterThan(30);
    }
  });

  it('adds an autoscaler and a disruption budget to each worker that enables them, and to no other', () => {
    const objects = objectsOf('the production example');
    const names = (kind: string) => ofKind(objects, kind).map((object) => object.metadata.name).sort();
    const workers = ['conveyor-worker-default', 'conveyor-worker-high-priority', 'conveyor-worker-long-running'];
    expect(names('HorizontalPodAutoscaler')).toEqual(['conveyor-api', ...workers]);
    expect(names('PodDisruptionBudget')).toEqual(['conveyor-api', ...workers]);
    for (const hpa of ofKind(objects, 'HorizontalPodAutoscaler')) {
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec).toMatchObject({ scaleTargetRef: { kind: 'Deployment', name: hpa.metadata.name } });
      // The autoscaler owns the replica count: the Deployment leaves it alone.
      const deployment = ofKind(objects, 'Deployment').find((object) => object.metadata.name === hpa.metadata.name)!;
      expect(deployment.spec).not.toHaveProperty('replicas');
    }
    // The defaults: a budget for the default queue's workers only, no autoscaler.
    expect(ofKind(objectsOf('defaults'), 'PodDisruptionBudget').map((object) => object.metadata.name)).toEqual(['conveyor-worker-default']);
    expect(ofKind(objectsOf('defaults'), 'HorizontalPodAutoscaler')).toEqual([]);
  });

  it('puts the production API behind an Ingress with TLS', () => {
    const ingress = ofKind(objectsOf('the production example'), 'Ingress').find((object) => component(object) === 'api');
    expect(ingress?.spec).toMatchObject({ tls: [{ hosts: ['conveyor.example.com'], secretName: 'conveyor-tls' }], rules: [{ host: 'conveyor.example.com' }] });
  });

  it('reaches Temporal Cloud with its own variables and the API key from the existing secret', () => {
    const objects = objectsOf('the Temporal Cloud example');
    expect(ofKind(objects, 'ConfigMap')[0]!.data).toMatchObject({ TEMPORAL_ADDRESS: 'conveyor.a1b2c.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'conveyor.a1b2c' });
    expect(ofKind(objects, 'Secret')).toEqual([]);
    expect(namesOf(ofKind(objects, 'Deployment'))).toEqual([...CONVEYOR_DEPLOYMENTS].sort());
    for (const object of ofKind(objects, 'Deployment')) {
      const apiKey = podSpec(object).containers[0]!.env?.find((variable) => variable.name === 'TEMPORAL_API_KEY');
      expect(apiKey?.valueFrom?.secretKeyRef).toEqual({ name: 'conveyor-secrets', key: 'TEMPORAL_API_KEY', optional: true });
    }
  });

  it('reaches a Temporal with mTLS through Temporal’s own TLS variables and the certificate Secret mounted read-only', async () => {
    const objects = await renderChart({ set: { 'temporal.external.tls.certSecretName': 'temporal-client', 'temporal.external.tls.caKey': 'ca.crt', 'temporal.external.tls.serverName': 'temporal.internal' } });
    expect(ofKind(objects, 'ConfigMap')[0]!.data).toMatchObject({
      TEMPORAL_TLS_CLIENT_CERT_PATH: '/etc/temporal-tls/tls.crt',
      TEMPORAL_TLS_CLIENT_KEY_PATH: '/etc/temporal-tls/tls.key',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/etc/temporal-tls/ca.crt',
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    expect(namesOf(ofKind(objects, 'Deployment'))).toEqual([...CONVEYOR_DEPLOYMENTS].sort());
    for (const object of ofKind(objects, 'Deployment')) {
      const spec = podSpec(object);
      expect(spec.volumes).toContainEqual({ name: 'temporal-tls', secret: { secretName: 'temporal-client' } });
      expect(spec.containers[0]!.volumeMounts).toContainEqual({ name: 'temporal-tls', mountPath: '/etc/temporal-tls', readOnly: true });
    }
  });
});

describe('secrets in the Helm chart', () => {
  const SECRET_VALUES = ['apikey-7f3a9c1e', 'userpass-52d8b0', 'sk-llmkey-93be41', 'temporalkey-0c6d2a', 'dbpass-e81f07'];
  const valueFiles = ['test/deploy/fixtures/helm-secret-values.yaml'];

  it('keeps secret values in Secret objects only, and hands them to containers by secretKeyRef', async () => {
    const objects = await renderChart({ valueFiles });
    const secrets = ofKind(objects, 'Secret');
    const inSecrets = JSON.stringify(secrets);
    for (const value of SECRET_VALUES) expect(inSecrets).toContain(value);
    for (const object of objects.filter((candidate) => candidate.kind !== 'Secret')) {
      const text = JSON.stringify(object);
      for (const value of SECRET_VALUES) expect(text, `${object.kind} ${object.metadata.name}`).not.toContain(value);
    }
    const secretNames = new Set(secrets.map((secret) => secret.metadata.name));
    const references = allContainers(objects).flatMap(({ container }) => (container.env ?? []).filter((variable) => variable.valueFrom?.secretKeyRef));
    expect(new Set(references.map((variable) => variable.name))).toEqual(new Set(['CONVEYOR_API_KEYS', 'CONVEYOR_USERS', 'CONVEYOR_LLM_API_KEY', 'TEMPORAL_API_KEY', 'CONVEYOR_CLUSTER_DB_PASSWORD']));
    for (const variable of references) expect(secretNames).toContain(variable.valueFrom!.secretKeyRef!.name);
  });

  it('gives the API the keys and users and the workers the LLM key, not each other’s', async () => {
    const objects = await renderChart({ valueFiles });
    const secretsOf = (prefix: string) =>
      new Set(
        ofKind(objects, 'Deployment')
          .filter((object) => component(object)?.startsWith(prefix))
          .flatMap((object) => (podSpec(object).containers[0]!.env ?? []).filter((variable) => variable.valueFrom?.secretKeyRef).map((variable) => variable.name)),
      );
    expect(secretsOf('api')).toEqual(new Set(['CONVEYOR_API_KEYS', 'CONVEYOR_USERS', 'TEMPORAL_API_KEY']));
    expect(secretsOf('worker-')).toEqual(new Set(['CONVEYOR_LLM_API_KEY', 'TEMPORAL_API_KEY']));
  });

  it('creates no Secret with existingSecret and refers to the one named, each key optional', async () => {
    const objects = await renderChart({ valueFiles, set: { 'secrets.existingSecret': 'mine', 'temporal.selfHosted.postgres.existingSecret': 'db', 'temporal.selfHosted.postgres.existingSecretKey': 'pw' } });
    expect(ofKind(objects, 'Secret')).toEqual([]);
    const references = allContainers(objects).flatMap(({ container }) => (container.env ?? []).flatMap((variable) => (variable.valueFrom?.secretKeyRef ? [variable.valueFrom.secretKeyRef] : [])));
    // Both kinds are there: the Temporal services' database password and Conveyor's own secrets.
    expect(new Set(references.map((reference) => reference.name))).toEqual(new Set(['mine', 'db']));
    for (const reference of references) {
      if (reference.name === 'db') expect(reference.key).toBe('pw');
      else expect(reference).toMatchObject({ name: 'mine', optional: true });
    }
  });
});
