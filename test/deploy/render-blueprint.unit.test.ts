import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUEUE, HIGH_PRIORITY_QUEUE, LONG_RUNNING_QUEUE } from '../../examples/queues';
import { readRepoFile } from './helpers/repo-files';
import { webPageReviewTask } from '../../examples/web-page-review/task';

// No Render account or CLI here: render.yaml is checked against the fields Render's Blueprint
// specification documents (https://render.com/docs/blueprint-spec), per service type.
const ROOT = path.resolve(__dirname, '..', '..');

/** Fields every compute service may have (Blueprint spec, "Service fields"). */
const COMPUTE_FIELDS = [
  'type', 'name', 'runtime', 'plan', 'region', 'repo', 'branch', 'rootDir', 'buildCommand', 'startCommand', 'preDeployCommand',
  'dockerfilePath', 'dockerContext', 'dockerCommand', 'image', 'registryCredential', 'envVars', 'numInstances', 'scaling', 'disk',
  'autoDeploy', 'autoDeployTrigger', 'buildFilter', 'maxShutdownDelaySeconds', 'previews',
];
const FIELDS_BY_TYPE: Record<string, string[]> = {
  // Only web services take health checks and custom domains.
  web: [...COMPUTE_FIELDS, 'healthCheckPath', 'domains'],
  pserv: COMPUTE_FIELDS,
  worker: COMPUTE_FIELDS,
};
const RUNTIMES = ['docker', 'image', 'node', 'python', 'ruby', 'go', 'rust', 'elixir'];
const DATABASE_FIELDS = ['name', 'databaseName', 'user', 'plan', 'region', 'postgresMajorVersion', 'diskSizeGB', 'ipAllowList', 'readReplicas', 'highAvailability', 'previewPlan', 'previewDiskSizeGB'];
const DATABASE_PROPERTIES = ['host', 'port', 'database', 'user', 'password', 'connectionString'];
const SERVICE_PROPERTIES = ['host', 'port', 'hostport', 'connectionString'];

type EnvVar = { key?: string; value?: unknown; generateValue?: boolean; sync?: boolean; fromDatabase?: { name: string; property: string }; fromService?: { type: string; name: string; property?: string; envVarKey?: string }; fromGroup?: string };
interface Service {
  type: string;
  name: string;
  runtime: string;
  envVars?: EnvVar[];
  dockerfilePath?: string;
  dockerContext?: string;
  dockerCommand?: string;
  preDeployCommand?: string;
  image?: { url: string };
  healthCheckPath?: string;
  numInstances?: number;
  maxShutdownDelaySeconds?: number;
}
const blueprint = parse(readRepoFile('render.yaml')) as {
  databases: Record<string, unknown>[];
  envVarGroups: { name: string; envVars: EnvVar[] }[];
  services: Service[];
};
const service = (name: string) => blueprint.services.find((s) => s.name === name);
/** Every service the blueprint must define, in its order: the tests below check each of them. */
const SERVICE_NAMES = [
  'temporal-history', 'temporal-matching', 'temporal-frontend', 'temporal-worker', 'temporal-ui',
  'conveyor-api', 'conveyor-worker-tasks', 'conveyor-worker-high-priority', 'conveyor-worker-long-running',
];
const WEB_PAGE_REVIEW_QUEUE = webPageReviewTask.queue;
const SECRET = /PASSWORD|SECRET|_KEYS?$|CLIENT_ID/;

/** Where Render mounts a service's secret files (its own, and its env groups'). */
const SECRET_FILES = '/etc/secrets/';

/** A service's variables, its groups' included: value, or "(entered in the dashboard)" for sync: false. */
function environmentOf(s: Service | undefined): Record<string, unknown> {
  const entries = (s?.envVars ?? []).flatMap((entry) => (entry.fromGroup ? (blueprint.envVarGroups.find((group) => group.name === entry.fromGroup)?.envVars ?? []) : [entry]));
  return Object.fromEntries(entries.map((entry) => [entry.key, entry.sync === false ? '(entered in the dashboard)' : entry.value ?? entry.fromDatabase]));
}

const ENV_VAR_SOURCES = ['value', 'generateValue', 'sync', 'fromDatabase', 'fromService', 'fromGroup'] as const;

/** One envVars entry: exactly one source, as the spec allows. */
function checkEnvVar(entry: EnvVar, where: string, allowReferences: boolean): void {
  const sources = ENV_VAR_SOURCES.filter((field) => field in entry);
  expect(Object.keys(entry).filter((field) => field !== 'key' && !sources.includes(field as never)), where).toEqual([]);
  expect(sources, where).toHaveLength(1);
  if (entry.fromGroup) {
    expect(allowReferences, `${where}: an env group cannot pull in another group`).toBe(true);
    expect(entry.key, where).toBeUndefined();
    expect(blueprint.envVarGroups.map((group) => group.name), where).toContain(entry.fromGroup);
    return;
  }
  expect(entry.key, where).toMatch(/^[A-Z_][A-Z0-9_]*$/);
  if ('sync' in entry) expect(entry.sync, where).toBe(false);
  if ('generateValue' in entry) expect(entry.generateValue, where).toBe(true);
  if (entry.fromDatabase) {
    expect(allowReferences, `${where}: env groups cannot reference a database`).toBe(true);
    expect(blueprint.databases.map((db) => db.name), where).toContain(entry.fromDatabase.name);
    expect(DATABASE_PROPERTIES, where).toContain(entry.fromDatabase.property);
  }
  if (entry.fromService) {
    expect(allowReferences, `${where}: env groups cannot reference a service`).toBe(true);
    const target = service(entry.fromService.name);
    expect(target?.type, where).toBe(entry.fromService.type);
    if (entry.fromService.property) expect(SERVICE_PROPERTIES, where).toContain(entry.fromService.property);
    else expect(entry.fromService.envVarKey, where).toBeTruthy();
  }
  // A secret is never a plain value in the file; the path of a secret file (a TLS key) may be.
  const secretFilePath = typeof entry.value === 'string' && entry.value.startsWith(SECRET_FILES);
  if (SECRET.test(entry.key ?? '') && !secretFilePath) expect('value' in entry, `${where}: ${entry.key} is a secret in a plain value`).toBe(false);
}

describe('render.yaml', () => {
  it('uses only the fields the Blueprint spec documents, per service type, database and env group', () => {
    expect(Object.keys(blueprint).sort()).toEqual(['databases', 'envVarGroups', 'services']);
    // What the loops below check: every service (names unique), database and group there is.
    expect(blueprint.services.map((s) => s.name)).toEqual(SERVICE_NAMES);
    expect(blueprint.databases.map((db) => db.name)).toEqual(['temporal-db']);
    expect(blueprint.envVarGroups.map((group) => group.name)).toEqual(['temporal-cluster', 'temporal-server-tls', 'temporal-client-tls', 'conveyor']);
    for (const s of blueprint.services) {
      const allowed = FIELDS_BY_TYPE[s.type];
      expect(allowed, `${s.name}: type ${s.type}`).toBeDefined();
      expect(Object.keys(s).filter((field) => !allowed?.includes(field)), s.name).toEqual([]);
      expect(RUNTIMES, s.name).toContain(s.runtime);
    }
    for (const db of blueprint.databases) expect(Object.keys(db).filter((field) => !DATABASE_FIELDS.includes(field))).toEqual([]);
    for (const group of blueprint.envVarGroups) expect(Object.keys(group).sort()).toEqual(['envVars', 'name']);
  });

  it('resolves every fromGroup, fromDatabase and fromService, and holds no secret in a plain value', () => {
    const entries = [
      ...blueprint.services.flatMap((s) => (s.envVars ?? []).map((entry, i) => ({ entry, where: `${s.name} envVars[${i}]`, allowReferences: true }))),
      ...blueprint.envVarGroups.flatMap((group) => group.envVars.map((entry, i) => ({ entry, where: `group ${group.name} envVars[${i}]`, allowReferences: false }))),
    ];
    // What is checked: every service's and group's entries, of each kind the blueprint uses
    // (it has no fromService), secrets among them.
    expect(blueprint.services.filter((s) => !s.envVars?.length).map((s) => s.name)).toEqual([]);
    expect(blueprint.envVarGroups.filter((group) => group.envVars.length === 0).map((group) => group.name)).toEqual([]);
    expect(ENV_VAR_SOURCES.filter((source) => entries.some(({ entry }) => source in entry))).toEqual(['value', 'sync', 'fromDatabase', 'fromGroup']);
    expect(entries.map(({ entry }) => entry.key).filter((key) => SECRET.test(key ?? ''))).toEqual(
      expect.arrayContaining(['CONVEYOR_CLUSTER_DB_PASSWORD', 'TEMPORAL_AUTH_CLIENT_SECRET', 'CONVEYOR_API_KEYS', 'OPENAI_API_KEY']),
    );
    for (const { entry, where, allowReferences } of entries) checkEnvVar(entry, where, allowReferences);
  });

  it('builds from Dockerfiles and contexts that exist; an image service names its image', () => {
    // Every service is one or the other, so the loop checks each of them.
    expect(blueprint.services.filter((s) => s.runtime === 'docker').map((s) => s.name)).toEqual(SERVICE_NAMES.filter((name) => name !== 'temporal-ui'));
    expect(blueprint.services.filter((s) => s.runtime === 'image').map((s) => s.name)).toEqual(['temporal-ui']);
    for (const s of blueprint.services) {
      if (s.runtime === 'docker') {
        expect(existsSync(path.join(ROOT, s.dockerContext ?? '.', s.dockerfilePath ?? 'Dockerfile')), s.name).toBe(true);
        expect(s.dockerContext).toBe('.');
      }
      if (s.runtime === 'image') expect(s.image?.url, s.name).toMatch(/^[\w.-]+\/[\w./-]+:\d+\.\d+\.\d+$/);
    }
  });

  it("runs Temporal's four services as private services of the server image, each its own, on the database, with the schema and namespace steps before deploys", () => {
    for (const name of ['history', 'matching', 'frontend', 'worker']) {
      const s = service(`temporal-${name}`);
      expect(s).toMatchObject({ type: 'pserv', runtime: 'docker', dockerfilePath: './deploy/temporal-server.Dockerfile', dockerCommand: `start-service.sh ${name}` });
      const fromDb = Object.fromEntries((s?.envVars ?? []).filter((e) => e.fromDatabase).map((e) => [e.key, e.fromDatabase?.property]));
      expect(fromDb).toMatchObject({ CONVEYOR_CLUSTER_PG_HOST: 'host', CONVEYOR_CLUSTER_DB_PORT: 'port', CONVEYOR_CLUSTER_DB_USER: 'user', CONVEYOR_CLUSTER_DB_PASSWORD: 'password' });
      expect(s?.envVars).toContainEqual({ fromGroup: 'temporal-cluster' });
    }
    expect(service('temporal-history')?.preDeployCommand).toBe('schema.sh');
    expect(service('temporal-worker')?.preDeployCommand).toBe('namespace.sh');
    expect(blueprint.databases[0]).toMatchObject({ postgresMajorVersion: '15', ipAllowList: [] });
  });

  it('puts the Temporal UI behind an OIDC login, read-only', () => {
    const ui = service('temporal-ui');
    const env = Object.fromEntries((ui?.envVars ?? []).map((e) => [e.key, e.value ?? (e.sync === false ? '(entered in the dashboard)' : undefined)]));
    expect(env).toMatchObject({ TEMPORAL_AUTH_ENABLED: 'true', TEMPORAL_AUTH_TYPE: 'oidc', TEMPORAL_DISABLE_WRITE_ACTIONS: 'true', TEMPORAL_AUTH_CLIENT_SECRET: '(entered in the dashboard)' });
  });

  it("runs Conveyor's API as a web service with keys and a health check, and one background worker per queue, sharing env groups", () => {
    expect(service('conveyor-api')).toMatchObject({ type: 'web', dockerfilePath: './deploy/Dockerfile', dockerCommand: '/app/deploy/entrypoint.sh api', healthCheckPath: '/health' });
    expect(service('conveyor-api')?.envVars).toContainEqual({ key: 'CONVEYOR_API_KEYS', sync: false });
    const workers = blueprint.services.filter((s) => s.type === 'worker');
    expect(workers.map((s) => s.dockerCommand)).toEqual([DEFAULT_QUEUE, HIGH_PRIORITY_QUEUE, LONG_RUNNING_QUEUE].map((queue) => `/app/deploy/entrypoint.sh worker --queues ${queue}`));
    for (const s of [service('conveyor-api'), ...workers]) expect(s?.envVars).toContainEqual({ fromGroup: 'conveyor' });
    for (const s of workers) expect(s.maxShutdownDelaySeconds).toBeGreaterThan(30);
  });

  it("makes Temporal's frontend and services require mTLS, from secret files, and gives every caller the client certificate", () => {
    const serverFiles = { CONVEYOR_CLUSTER_TLS_CERT_FILE: '/etc/secrets/temporal-server.crt', CONVEYOR_CLUSTER_TLS_KEY_FILE: '/etc/secrets/temporal-server.key', CONVEYOR_CLUSTER_TLS_CA_FILE: '/etc/secrets/temporal-ca.crt', CONVEYOR_CLUSTER_TLS_SERVER_NAME: 'temporal-frontend' };
    // The config template turns requireClientAuth on whenever the certificate file is named (deploy/cluster/temporal.yaml).
    expect(readRepoFile('deploy/cluster/temporal.yaml')).toMatch(/if env "CONVEYOR_CLUSTER_TLS_CERT_FILE" \}\}[\s\S]*frontend:\n\s+server: \*tls-server/);
    expect(readRepoFile('deploy/cluster/temporal.yaml')).toMatch(/server: &tls-server[\s\S]*?requireClientAuth: true/);
    for (const name of ['history', 'matching', 'frontend', 'worker']) expect(environmentOf(service(`temporal-${name}`)), name).toMatchObject(serverFiles);
    const client = { TEMPORAL_TLS_CLIENT_CERT_PATH: '/etc/secrets/temporal-client.crt', TEMPORAL_TLS_CLIENT_KEY_PATH: '/etc/secrets/temporal-client.key', TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/etc/secrets/temporal-ca.crt' };
    const callers = blueprint.services.filter((s) => s.name.startsWith('conveyor-'));
    expect(callers.map((s) => s.name)).toEqual(SERVICE_NAMES.filter((name) => name.startsWith('conveyor-')));
    for (const s of callers) expect(environmentOf(s), s.name).toMatchObject(client);
    // namespace.sh (the Temporal worker's pre-deploy step) calls with the services' own certificate; the UI with the client's, under its own names.
    expect(environmentOf(service('temporal-worker'))).toMatchObject({ TEMPORAL_TLS_CLIENT_CERT_PATH: '/etc/secrets/temporal-server.crt', TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/etc/secrets/temporal-ca.crt' });
    expect(environmentOf(service('temporal-ui'))).toMatchObject({ TEMPORAL_TLS_CERT: '/etc/secrets/temporal-client.crt', TEMPORAL_TLS_CA: '/etc/secrets/temporal-ca.crt', TEMPORAL_TLS_ENABLE_HOST_VERIFICATION: 'true' });
    expect(service('temporal-ui')?.envVars).toContainEqual({ fromGroup: 'temporal-client-tls' });
  });

  it('runs the Temporal UI at 2.45.2 or later, whose server validates the login token', () => {
    const [major = 0, minor = 0, patch = 0] = (service('temporal-ui')?.image?.url.split(':')[1] ?? '').split('.').map(Number);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(2_045_002);
  });

  it('gives OPENAI_API_KEY to the worker that runs the LLM activities alone, never to the API or a shared group', () => {
    // web_page_review's queue, the one task whose activities call the model.
    expect(WEB_PAGE_REVIEW_QUEUE).toBe(DEFAULT_QUEUE);
    const holders = blueprint.services.filter((s) => 'OPENAI_API_KEY' in environmentOf(s)).map((s) => s.name);
    expect(holders).toEqual(['conveyor-worker-tasks']);
    expect(service('conveyor-worker-tasks')?.dockerCommand).toBe(`/app/deploy/entrypoint.sh worker --queues ${WEB_PAGE_REVIEW_QUEUE}`);
    expect(service('conveyor-worker-tasks')?.envVars).toContainEqual({ key: 'OPENAI_API_KEY', sync: false });
    for (const group of blueprint.envVarGroups) expect(group.envVars.map((entry) => entry.key), group.name).not.toContain('OPENAI_API_KEY');
  });
});
