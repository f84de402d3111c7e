import { describe, expect, it } from 'vitest';
import { ofKind, renderChart, renderChartFailure, type K8sObject, type ValuesOptions } from './helm';
import { component, podSpec, type Container } from './pods';

// Issue 22, point 9: who may reach self-hosted Temporal in the chart, and over what.
const SELF_HOSTED = { 'temporal.mode': 'selfHosted', 'temporal.selfHosted.postgres.host': 'postgres.internal', 'temporal.selfHosted.postgres.password': 'pw' };
const WITH_UI: ValuesOptions = { set: { ...SELF_HOSTED, 'temporal.ui.enabled': true } };
const SERVICES = ['temporal-history', 'temporal-matching', 'temporal-frontend', 'temporal-worker'];
const CONVEYOR = ['api', 'worker-default', 'worker-high-priority', 'worker-long-running'];
const FRONTEND_NAME = 'conveyor-temporal-frontend.tasks.svc';

const byComponent = (objects: K8sObject[], kind: string, name: string) => ofKind(objects, kind).find((object) => component(object) === name);
const configMap = (objects: K8sObject[], name: string) => ofKind(objects, 'ConfigMap').find((object) => object.metadata.name === name)?.data as Record<string, string>;
const envOf = (container: Container) => Object.fromEntries((container.env ?? []).map((variable) => [variable.name, variable.value]));
/** The Secret mounted at a path in a workload's first container, by way of its volume. */
function secretMountedAt(object: K8sObject, mountPath: string): string | undefined {
  const spec = podSpec(object);
  const mount = spec.containers[0]!.volumeMounts?.find((candidate) => candidate.mountPath === mountPath);
  return spec.volumes?.find((volume) => volume.name === mount?.name)?.secret?.secretName;
}
function policy(objects: K8sObject[], name: string) {
  return ofKind(objects, 'NetworkPolicy').find((object) => object.metadata.name === name)?.spec as
    | { podSelector: unknown; policyTypes: string[]; ingress: { from: unknown[]; ports?: { port: number }[] }[] }
    | undefined;
}
const releasePods = (components: string[]) => ({
  podSelector: {
    matchExpressions: [
      { key: 'app.kubernetes.io/instance', operator: 'In', values: ['conveyor'] },
      { key: 'app.kubernetes.io/component', operator: 'In', values: components },
    ],
  },
});

describe('self-hosted Temporal behind mTLS and NetworkPolicies (Helm chart)', () => {
  it('runs the Temporal UI at 2.45.2 or later, whose server validates the login token', async () => {
    const objects = await renderChart(WITH_UI);
    const image = podSpec(byComponent(objects, 'Deployment', 'temporal-ui')!).containers[0]!.image;
    expect(image).toMatch(/^temporalio\/ui:\d+\.\d+\.\d+$/);
    const [major = 0, minor = 0, patch = 0] = image.split(':')[1]!.split('.').map(Number);
    // As one number, so 2.100.0 counts as later than 2.45.2.
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(2_045_002);
  });

  it('makes the frontend and the services require a client certificate: the config template gets the server Secret’s files', async () => {
    const objects = await renderChart({ set: SELF_HOSTED });
    expect(configMap(objects, 'conveyor-temporal-server')).toMatchObject({
      CONVEYOR_CLUSTER_TLS_CERT_FILE: '/etc/temporal/tls/tls.crt',
      CONVEYOR_CLUSTER_TLS_KEY_FILE: '/etc/temporal/tls/tls.key',
      CONVEYOR_CLUSTER_TLS_CA_FILE: '/etc/temporal/tls/ca.crt',
      CONVEYOR_CLUSTER_TLS_SERVER_NAME: FRONTEND_NAME,
    });
    for (const service of SERVICES) {
      expect(secretMountedAt(byComponent(objects, 'Deployment', service)!, '/etc/temporal/tls'), service).toBe('conveyor-temporal-server-tls');
    }
  });

  it('gives Conveyor’s API and workers, the namespace Job and the UI the client certificate', async () => {
    const objects = await renderChart(WITH_UI);
    expect(configMap(objects, 'conveyor-settings')).toMatchObject({
      TEMPORAL_TLS_CLIENT_CERT_PATH: '/etc/temporal-tls/tls.crt',
      TEMPORAL_TLS_CLIENT_KEY_PATH: '/etc/temporal-tls/tls.key',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/etc/temporal-tls/ca.crt',
      TEMPORAL_TLS_SERVER_NAME: FRONTEND_NAME,
    });
    for (const name of CONVEYOR) {
      expect(secretMountedAt(byComponent(objects, 'Deployment', name)!, '/etc/temporal-tls'), name).toBe('conveyor-temporal-client-tls');
    }
    const job = byComponent(objects, 'Job', 'temporal-namespace')!;
    expect(secretMountedAt(job, '/etc/temporal-tls')).toBe('conveyor-temporal-client-tls');
    expect(envOf(podSpec(job).containers[0]!)).toMatchObject({ TEMPORAL_TLS_CLIENT_CERT_PATH: '/etc/temporal-tls/tls.crt', TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/etc/temporal-tls/ca.crt' });
    const ui = byComponent(objects, 'Deployment', 'temporal-ui')!;
    expect(secretMountedAt(ui, '/etc/temporal-tls')).toBe('conveyor-temporal-client-tls');
    expect(envOf(podSpec(ui).containers[0]!)).toMatchObject({
      TEMPORAL_TLS_CERT: '/etc/temporal-tls/tls.crt',
      TEMPORAL_TLS_KEY: '/etc/temporal-tls/tls.key',
      TEMPORAL_TLS_CA: '/etc/temporal-tls/ca.crt',
      TEMPORAL_TLS_SERVER_NAME: FRONTEND_NAME,
      TEMPORAL_TLS_ENABLE_HOST_VERIFICATION: 'true',
    });
  });

  it('requests both certificates from cert-manager when an issuer is named: the server’s for the frontend’s name, with client auth too', async () => {
    const objects = await renderChart({ set: { ...SELF_HOSTED, 'temporal.selfHosted.tls.certManager.issuerName': 'temporal-ca' } });
    const certificates = Object.fromEntries(ofKind(objects, 'Certificate').map((object) => [object.metadata.name, object.spec]));
    expect(certificates['conveyor-temporal-server']).toMatchObject({
      secretName: 'conveyor-temporal-server-tls',
      dnsNames: expect.arrayContaining([FRONTEND_NAME]) as string[],
      usages: expect.arrayContaining(['server auth', 'client auth']) as string[],
      issuerRef: { name: 'temporal-ca', kind: 'Issuer' },
    });
    expect(certificates['conveyor-temporal-client']).toMatchObject({ secretName: 'conveyor-temporal-client-tls', usages: expect.arrayContaining(['client auth']) as string[] });
    expect(ofKind(await renderChart({ set: SELF_HOSTED }), 'Certificate')).toEqual([]);
  });

  it('refuses TLS off unless allowInsecure says so too, and then mounts no certificate', async () => {
    const off = await renderChartFailure({ set: { ...SELF_HOSTED, 'temporal.selfHosted.tls.enabled': false } });
    expect(off.code).not.toBe(0);
    expect(off.stderr).toContain('temporal.selfHosted.tls.enabled=false lets any pod that reaches the Temporal frontend');
    expect(off.stderr).toContain('temporal.selfHosted.tls.allowInsecure=true');
    const insecure = await renderChart({ set: { ...SELF_HOSTED, 'temporal.selfHosted.tls.enabled': false, 'temporal.selfHosted.tls.allowInsecure': true } });
    expect(Object.keys(configMap(insecure, 'conveyor-temporal-server')).filter((name) => name.includes('TLS'))).toEqual([]);
    expect(Object.keys(configMap(insecure, 'conveyor-settings')).filter((name) => name.includes('TLS'))).toEqual([]);
  });

  it('lets only Temporal’s own services reach history, matching and worker, and only Conveyor, the namespace Job and the UI reach the frontend’s gRPC port', async () => {
    const objects = await renderChart(WITH_UI);
    expect(policy(objects, 'conveyor-temporal')).toEqual({ ...releasePods(SERVICES), policyTypes: ['Ingress'], ingress: [{ from: [releasePods(SERVICES)] }] });
    expect(policy(objects, 'conveyor-temporal-frontend')).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'conveyor', 'app.kubernetes.io/instance': 'conveyor', 'app.kubernetes.io/component': 'temporal-frontend' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [releasePods([...CONVEYOR, 'temporal-namespace', 'temporal-ui'])], ports: [{ protocol: 'TCP', port: 7233 }] }],
    });
    // Every pod that calls the frontend carries the component the policy admits.
    const callers = [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'Job')].map(component).filter((name) => name && !SERVICES.includes(name) && name !== 'temporal-schema');
    expect(callers.sort()).toEqual([...CONVEYOR, 'temporal-namespace', 'temporal-ui'].sort());
  });

  it('selects the UI pod too: nobody reaches it by default, the ingress controller once named', async () => {
    const closed = policy(await renderChart(WITH_UI), 'conveyor-temporal-ui');
    expect(closed).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'conveyor', 'app.kubernetes.io/instance': 'conveyor', 'app.kubernetes.io/component': 'temporal-ui' } },
      policyTypes: ['Ingress'],
      ingress: [],
    });
    const production = await renderChart({ valueFiles: ['deploy/helm/examples/production.yaml'] });
    expect(policy(production, 'conveyor-temporal-ui')?.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
    const unreachable = await renderChartFailure({
      set: { ...WITH_UI.set, 'temporal.ui.auth.enabled': true, 'temporal.ui.auth.providerUrl': 'https://id', 'temporal.ui.auth.clientId': 'ui', 'temporal.ui.auth.callbackUrl': 'https://ui/cb', 'temporal.ui.auth.clientSecretName': 'oidc', 'temporal.ui.ingress.enabled': true, 'temporal.ui.ingress.tlsSecretName': 'ui-tls' },
    });
    expect(unreachable.stderr).toContain('temporal.ui.ingress.enabled needs temporal.ui.networkPolicy.ingressFrom');
  });
});

describe('the API Ingress (Helm chart)', () => {
  const INGRESS = { 'api.ingress.enabled': true, 'api.ingress.host': 'tasks.example.com' };

  it('fails to render without TLS, naming the value to set', async () => {
    const result = await renderChartFailure({ set: INGRESS });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('api.ingress.enabled needs api.ingress.tlsSecretName');
    expect(result.stderr).toContain('api.ingress.allowInsecure=true');
  });

  it('renders with a TLS Secret, or without one only on the explicit insecure opt-in', async () => {
    const tls = byComponent(await renderChart({ set: { ...INGRESS, 'api.ingress.tlsSecretName': 'tasks-tls' } }), 'Ingress', 'api');
    expect(tls?.spec).toMatchObject({ tls: [{ hosts: ['tasks.example.com'], secretName: 'tasks-tls' }] });
    const insecure = byComponent(await renderChart({ set: { ...INGRESS, 'api.ingress.allowInsecure': true } }), 'Ingress', 'api');
    expect(insecure).toBeDefined();
    expect(insecure?.spec).not.toHaveProperty('tls');
  });
});
