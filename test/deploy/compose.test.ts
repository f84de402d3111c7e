import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUEUE, HIGH_PRIORITY_QUEUE, LONG_RUNNING_QUEUE } from '../../examples/queues';
import { ROOT } from '../helpers/cli';
import { toolPath } from '../helpers/tools';
import { envOf, parseDockerfile } from './helpers/dockerfile';
import { composeFile, interpolatedVariables, withDefaults } from './helpers/compose';
import { PER_DEPLOYMENT, readRepoFile, runProgram, templateVariables } from './helpers/repo-files';

// No Docker engine here. Compose's own loader (compose-go, which `docker compose config` runs;
// test/deploy/compose-config, provisioned into .conveyor/tools) validates the file against the
// Compose specification's schema and interpolates it; the tests below assert on its structure.
const compose = (args: string[], env: NodeJS.ProcessEnv = {}) => runProgram(toolPath('compose-config'), ['-f', path.join(ROOT, 'deploy', 'compose.yaml'), ...args], env);
const { services } = composeFile();
const TEMPORAL_SERVICES = ['history', 'matching', 'frontend', 'worker'];

describe('deploy/compose.yaml', () => {
  it("is valid for Compose's own loader, with every secret required", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'compose-config-'));
    try {
      const envFile = path.join(dir, 'compose.env');
      const example = readRepoFile('deploy', 'compose.env.example');
      writeFileSync(envFile, example.replace(/^TEMPORAL_DB_PASSWORD=$/m, 'TEMPORAL_DB_PASSWORD=pw-test').replace(/^CONVEYOR_API_KEYS=$/m, 'CONVEYOR_API_KEYS=ops:admin:key-test'));
      const config = await compose(['--env-file', envFile], { COMPOSE_PROFILES: 'pgbouncer,elasticsearch' });
      expect(config.code, config.output).toBe(0);
      const resolved = JSON.parse(config.output) as { services: Record<string, { environment: Record<string, string>; deploy?: { replicas: number } }> };
      expect(Object.keys(resolved.services).sort()).toEqual(Object.keys(services).sort());
      expect(resolved.services['conveyor-api']?.environment.CONVEYOR_API_KEYS).toBe('ops:admin:key-test');
      expect(resolved.services['conveyor-worker-tasks']?.deploy?.replicas).toBe(2);

      // The example as shipped, without its secrets filled in, is refused, naming the first missing one.
      const unfilled = await compose(['--env-file', path.join(ROOT, 'deploy', 'compose.env.example')]);
      expect(unfilled.code).not.toBe(0);
      expect(unfilled.output).toMatch(/set (TEMPORAL_DB_PASSWORD|CONVEYOR_API_KEYS) \(deploy\/compose\.env\.example\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is checked against the Compose specification's schema: the loader refuses a property Compose does not know", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'compose-schema-'));
    try {
      const misspelt = path.join(dir, 'compose.yaml');
      writeFileSync(misspelt, 'services:\n  api:\n    image: conveyor:0.1.0\n    restart_policy: always\n');
      const refused = await runProgram(toolPath('compose-config'), ['-f', misspelt]);
      expect(refused.code).not.toBe(0);
      expect(refused.output).toMatch(/additional properties 'restart_policy' not allowed/);
      writeFileSync(misspelt, 'services:\n  api:\n    image: conveyor:0.1.0\n    restart: always\n');
      expect(await runProgram(toolPath('compose-config'), ['-f', misspelt])).toMatchObject({ code: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('documents every setting it reads in deploy/compose.env.example, and no other', () => {
    const documented = new Set([...readRepoFile('deploy', 'compose.env.example').matchAll(/^(\w+)=/gm)].map(([, name = '']) => name));
    expect([...interpolatedVariables(readRepoFile('deploy', 'compose.yaml'))].sort()).toEqual([...documented].sort());
  });

  it('builds both images from this repository', () => {
    for (const service of Object.values(services).filter((s) => s.build)) {
      expect(existsSync(path.join(ROOT, 'deploy', service.build?.context ?? '', service.build?.dockerfile ?? ''))).toBe(true);
    }
    expect(services['temporal-frontend']?.build?.dockerfile).toBe('deploy/temporal-server.Dockerfile');
    expect(services['conveyor-api']?.build?.dockerfile).toBe('deploy/Dockerfile');
    expect(withDefaults(services.postgresql?.image)).toBe('postgres:15-bookworm');
  });

  it('runs each Temporal service from the config template, on its own address, history first', () => {
    for (const name of TEMPORAL_SERVICES) {
      const service = services[`temporal-${name}`];
      expect(service?.command).toEqual(['sh', '-c', `CONVEYOR_CLUSTER_HOST=$$(hostname -i) exec server --config-file /etc/temporal/temporal.yaml --allow-no-auth start --service ${name}`]);
      expect(service?.healthcheck?.test).toBeDefined();
      // The image's ENV and the service's environment fill every value of the template.
      const image = envOf(parseDockerfile(path.join(ROOT, 'deploy', 'temporal-server.Dockerfile')).at(-1));
      const given = new Set([...image.keys(), ...Object.keys(service?.environment ?? {}), 'CONVEYOR_CLUSTER_HOST']);
      expect(templateVariables().filter((variable) => !given.has(variable))).toEqual([]);
      expect(service?.environment?.CONVEYOR_CLUSTER_FRONTEND_ADDRESS).toBe('temporal-frontend:7233');
    }
    expect(PER_DEPLOYMENT.every((variable) => variable === 'CONVEYOR_CLUSTER_HOST' || variable in (services['temporal-history']?.environment ?? {}))).toBe(true);
    const after = (name: string) => services[name]?.depends_on;
    expect(after('temporal-schema')).toEqual({ postgresql: { condition: 'service_healthy' } });
    expect(after('temporal-history')).toEqual({
      'temporal-schema': { condition: 'service_completed_successfully' },
      'temporal-elasticsearch-schema': { condition: 'service_completed_successfully', required: false },
    });
    expect(after('temporal-matching')).toEqual({ 'temporal-history': { condition: 'service_healthy' } });
    expect(after('temporal-frontend')).toEqual({ 'temporal-matching': { condition: 'service_healthy' } });
    expect(after('temporal-worker')).toEqual({ 'temporal-frontend': { condition: 'service_healthy' } });
    expect(after('temporal-namespace')).toEqual({ 'temporal-frontend': { condition: 'service_healthy' } });
  });

  it('sets up the schemas and the namespace with the one-shot steps of the server image, the schemas straight on PostgreSQL', () => {
    expect(services['temporal-schema']).toMatchObject({ command: ['schema.sh'], restart: 'no' });
    expect(services['temporal-schema']?.environment).toMatchObject({ CONVEYOR_CLUSTER_PG_HOST: 'postgresql', CONVEYOR_CLUSTER_PG_PORT: '5432', CONVEYOR_CLUSTER_CREATE_DATABASES: 'true' });
    expect(services['temporal-namespace']).toMatchObject({ command: ['namespace.sh'], restart: 'no' });
    expect(services['temporal-namespace']?.environment?.TEMPORAL_ADDRESS).toBe('temporal-frontend:7233');
  });

  it('publishes the Temporal UI on loopback only and read-only, by default', () => {
    const ui = services['temporal-ui'];
    expect(withDefaults(ui?.image)).toMatch(/^temporalio\/ui:\d+\.\d+\.\d+$/);
    expect(ui?.ports?.map(withDefaults)).toEqual(['127.0.0.1:8080:8080']);
    expect(withDefaults(ui?.environment?.TEMPORAL_DISABLE_WRITE_ACTIONS)).toBe('true');
  });

  it("runs Conveyor's API with keys and one worker service per queue, each with replicas, health checks and a drain period, once the namespace exists", () => {
    const api = services['conveyor-api'];
    expect(api?.command).toEqual(['api']);
    expect(api?.environment?.CONVEYOR_AUTH).toBe('keys');
    expect(api?.ports?.map(withDefaults)).toEqual(['127.0.0.1:8000:8000']);
    const workers = Object.entries(services).filter(([name]) => name.startsWith('conveyor-worker-'));
    expect(workers.map(([, service]) => service.command?.slice(0, 3))).toEqual([
      ['worker', '--queues', DEFAULT_QUEUE],
      ['worker', '--queues', HIGH_PRIORITY_QUEUE],
      ['worker', '--queues', LONG_RUNNING_QUEUE],
    ]);
    expect(workers.map(([, service]) => withDefaults(service.deploy?.replicas))).toEqual(['2', '1', '1']);
    for (const [, service] of [['conveyor-api', api] as const, ...workers]) {
      expect(service?.depends_on).toEqual({ 'temporal-namespace': { condition: 'service_completed_successfully' } });
      expect(service?.healthcheck?.test).toEqual(['CMD', 'node', '/app/deploy/healthcheck.mjs']);
      expect(service?.environment?.TEMPORAL_ADDRESS).toBe('temporal-frontend:7233');
    }
  });

  it('offers PgBouncer as a profile, in transaction pooling, for the pgx simple-protocol route', () => {
    const pgbouncer = services.pgbouncer;
    expect(pgbouncer?.profiles).toEqual(['pgbouncer']);
    expect(pgbouncer?.environment?.POOL_MODE).toBe('transaction');
    expect(readRepoFile('deploy', 'compose.env.example')).toContain('set pgbouncer, 6432 and postgres12_pgx');
    expect(readRepoFile('deploy', 'cluster', 'temporal.yaml')).toContain('default_query_exec_mode: simple_protocol');
  });

  it('offers Elasticsearch visibility as a profile: the version cluster:up runs, its data on a volume, the index set up by a one-shot step before history, security on', () => {
    const elasticsearch = services.elasticsearch;
    expect(elasticsearch?.profiles).toEqual(['elasticsearch']);
    const version = /^ELASTICSEARCH_VERSION=(\S+)$/m.exec(readRepoFile('deploy', 'cluster', 'settings.sh'))?.[1];
    expect(withDefaults(elasticsearch?.image)).toBe(`elasticsearch:${version}`);
    expect(elasticsearch?.volumes).toEqual(['elasticsearch-data:/usr/share/elasticsearch/data']);
    expect(elasticsearch?.environment).toMatchObject({ 'discovery.type': 'single-node', 'xpack.security.enabled': 'true', ELASTIC_PASSWORD: '${ELASTICSEARCH_PASSWORD:-}' });
    // Compose cannot require a variable for one profile only: the container refuses to start without it, naming it.
    expect(elasticsearch?.entrypoint?.join(' ')).toContain(`[ -n "$$ELASTIC_PASSWORD" ] || { echo 'set ELASTICSEARCH_PASSWORD (deploy/compose.env.example)' >&2; exit 2; }`);
    expect(elasticsearch?.healthcheck?.test.join(' ')).toContain('_cluster/health?wait_for_status=yellow');

    const index = services['temporal-elasticsearch-schema'];
    expect(index).toMatchObject({ profiles: ['elasticsearch'], command: ['elasticsearch-schema.sh'], restart: 'no', depends_on: { elasticsearch: { condition: 'service_healthy' } } });
    expect(index?.build?.dockerfile).toBe('deploy/temporal-server.Dockerfile');
    expect(index?.environment).toMatchObject({ CONVEYOR_CLUSTER_ES_URL: 'http://elasticsearch:9200', CONVEYOR_CLUSTER_ES_USER: 'elastic', CONVEYOR_CLUSTER_ES_PASSWORD: '${ELASTICSEARCH_PASSWORD:-}' });
    for (const name of TEMPORAL_SERVICES) {
      expect(services[`temporal-${name}`]?.environment).toMatchObject({ CONVEYOR_CLUSTER_VISIBILITY_STORE: '${TEMPORAL_VISIBILITY_STORE:-postgresql}', CONVEYOR_CLUSTER_ES_PASSWORD: '${ELASTICSEARCH_PASSWORD:-}' });
    }
  });

  it('switches the Temporal services to Elasticsearch visibility by the documented variable, and leaves them on PostgreSQL without it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'compose-es-'));
    try {
      const envFile = path.join(dir, 'compose.env');
      const filled = readRepoFile('deploy', 'compose.env.example').replace(/^TEMPORAL_DB_PASSWORD=$/m, 'TEMPORAL_DB_PASSWORD=pw-test').replace(/^CONVEYOR_API_KEYS=$/m, 'CONVEYOR_API_KEYS=ops:admin:key-test');
      writeFileSync(envFile, filled);
      type Resolved = { services: Record<string, { environment: Record<string, string> }> };
      const resolve = async (profiles: string, extra = '') => {
        writeFileSync(envFile, filled + extra);
        const config = await compose(['--env-file', envFile], { COMPOSE_PROFILES: profiles });
        expect(config.code, config.output).toBe(0);
        return JSON.parse(config.output) as Resolved;
      };
      const plain = await resolve('');
      expect(Object.keys(plain.services)).not.toContain('elasticsearch');
      expect(plain.services['temporal-history']?.environment.CONVEYOR_CLUSTER_VISIBILITY_STORE).toBe('postgresql');

      const onElasticsearch = await resolve('elasticsearch', '\nTEMPORAL_VISIBILITY_STORE=elasticsearch\nELASTICSEARCH_PASSWORD=es-pw-test\n');
      expect(Object.keys(onElasticsearch.services)).toEqual(expect.arrayContaining(['elasticsearch', 'temporal-elasticsearch-schema']));
      for (const name of TEMPORAL_SERVICES) {
        expect(onElasticsearch.services[`temporal-${name}`]?.environment).toMatchObject({ CONVEYOR_CLUSTER_VISIBILITY_STORE: 'elasticsearch', CONVEYOR_CLUSTER_ES_PASSWORD: 'es-pw-test' });
      }
      expect(onElasticsearch.services.elasticsearch?.environment.ELASTIC_PASSWORD).toBe('es-pw-test');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds no secret in a plain value: every password and key comes from a variable with no default', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        if (!/PASSWORD|KEYS?$|SECRET|USERS/.test(variable)) continue;
        expect(String(value), `${name} ${variable}`).toMatch(/^\$\{\w+(:\?[^}]*|:-)\}$/);
      }
    }
  });
});
