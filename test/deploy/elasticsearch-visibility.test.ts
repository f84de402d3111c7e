import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli';
import { readRepoFile, runProgram } from './helpers/repo-files';

// Elasticsearch visibility: the config template's optional store, the index step
// (deploy/cluster/elasticsearch-schema.sh) and cluster:up's option. The index step runs here with
// a stand-in for Temporal's tool that records how it was called (no Elasticsearch in unit tests;
// the real tool against a real node is what `npm run cluster:up -- --elasticsearch` runs).

const GUARD = '{{- if eq (env "CONVEYOR_CLUSTER_VISIBILITY_STORE") "elasticsearch" }}';
type Rendered = 'always' | 'elasticsearch' | 'otherwise';

/** The template's lines, each with when it renders: always, only for Elasticsearch visibility, or only otherwise. */
function templateLines(): { line: string; rendered: Rendered }[] {
  let rendered: Rendered = 'always';
  return readRepoFile('deploy', 'cluster', 'temporal.yaml')
    .split('\n')
    .flatMap((raw) => {
      const line = raw.trim();
      if (line === GUARD) rendered = 'elasticsearch';
      else if (rendered !== 'always' && line === '{{- else }}') rendered = 'otherwise';
      else if (rendered !== 'always' && line === '{{- end }}') rendered = 'always';
      else return [{ line, rendered }];
      return [];
    });
}

describe('deploy/cluster/temporal.yaml with Elasticsearch visibility', () => {
  it('renders the Elasticsearch store only when CONVEYOR_CLUSTER_VISIBILITY_STORE is elasticsearch, PostgreSQL visibility otherwise', () => {
    const lines = templateLines();
    const when = (rendered: Rendered) => lines.filter((line) => line.rendered === rendered).map(({ line }) => line);
    // The default (the variable unset, or postgresql) renders what it rendered before the option existed.
    expect(when('always').filter((line) => /CONVEYOR_CLUSTER_ES_|\bes-visibility|elasticsearch/.test(line))).toEqual([]);
    expect(when('otherwise')).toEqual(['visibilityStore: postgres-visibility']);
    expect(when('elasticsearch')).toEqual(
      expect.arrayContaining([
        'visibilityStore: es-visibility',
        'es-visibility:',
        'elasticsearch:',
        'username: {{ env "CONVEYOR_CLUSTER_ES_USER" | quote }}',
        'password: {{ env "CONVEYOR_CLUSTER_ES_PASSWORD" | quote }}',
        'visibility: "{{ env "CONVEYOR_CLUSTER_ES_INDEX" }}"',
      ]),
    );
  });
});

describe('deploy/cluster/elasticsearch-schema.sh, the index step', () => {
  let dir: string;
  let calls: string;
  let tool: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'es-index-step-'));
    calls = path.join(dir, 'calls');
    tool = path.join(dir, 'temporal-elasticsearch-tool');
    // Records its arguments and the environment the real tool reads; fails on the step named by FAIL_ON.
    writeFileSync(
      tool,
      `#!/usr/bin/env bash
echo "$* | server=$ES_SERVER user=$ES_USER pwd=$ES_PWD" >> ${JSON.stringify(calls)}
[ "$1" = "\${FAIL_ON:-none}" ] && { echo "error from the tool on $1" >&2; exit 1; }
exit 0
`,
    );
    chmodSync(tool, 0o755);
    // Run by a symlink elsewhere, as the image runs it from /usr/local/bin: it finds settings.sh beside its real file.
    symlinkSync(path.join(ROOT, 'deploy', 'cluster', 'elasticsearch-schema.sh'), path.join(dir, 'elasticsearch-schema.sh'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (env: Record<string, string>) =>
    runProgram(path.join(dir, 'elasticsearch-schema.sh'), [], {
      CONVEYOR_CLUSTER_ES_TOOL: tool,
      CONVEYOR_CLUSTER_ES_URL: 'http://es.internal:9200',
      CONVEYOR_CLUSTER_ES_INDEX: 'visibility_test',
      CONVEYOR_CLUSTER_ES_USER: 'elastic',
      CONVEYOR_CLUSTER_ES_PASSWORD: 'pw-not-on-the-command-line',
      ...env,
    });

  it('sets up the template, creates the index and updates its mappings, the password in the environment only', async () => {
    const result = await run({});
    expect(result).toEqual({ code: 0, output: 'elasticsearch-schema: index visibility_test up to date at http://es.internal:9200\n' });
    const environment = 'server=http://es.internal:9200 user=elastic pwd=pw-not-on-the-command-line';
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toEqual([
      `ping | ${environment}`,
      `setup-schema | ${environment}`,
      `create-index --index visibility_test | ${environment}`,
      `update-schema --index visibility_test | ${environment}`,
    ]);
  });

  it('stops at the first step that fails, naming it', async () => {
    const result = await run({ FAIL_ON: 'create-index' });
    expect(result.code).toBe(1);
    expect(result.output).toContain('error from the tool on create-index');
    expect(result.output).toContain('elasticsearch-schema: the tool failed on index visibility_test (create-index --index visibility_test)');
    expect(readFileSync(calls, 'utf8')).not.toContain('update-schema');
  });

  it('waits for Elasticsearch to answer, then gives up naming where it looked', async () => {
    const result = await run({ FAIL_ON: 'ping', CONVEYOR_CLUSTER_READY_TIMEOUT: '2' });
    expect(result.code).toBe(1);
    expect(result.output).toContain('elasticsearch-schema: no answer from http://es.internal:9200 within 2 s');
    expect(readFileSync(calls, 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(2);
    expect(readFileSync(calls, 'utf8')).not.toContain('setup-schema');
  });
});

describe('cluster:up -- --elasticsearch', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cluster-options-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // Refused before anything is built or started: a folder of its own, nothing else touched.
  const up = (args: string[], env: Record<string, string> = {}) =>
    runProgram('bash', [path.join(ROOT, 'deploy', 'cluster', 'cluster.sh'), 'up', ...args], {
      CONVEYOR_CLUSTER_DIR: path.join(dir, 'cluster'),
      CONVEYOR_CLUSTER_TOOLS_DIR: path.join(dir, 'tools'),
      ...env,
    });

  it('lists --elasticsearch among the options it knows, exit 2 on another', async () => {
    expect(await up(['--elastic'])).toEqual({ code: 2, output: 'cluster up: unknown option --elastic (known: --pgbouncer, --elasticsearch)\n' });
  });

  it('refuses a visibility store it does not know, naming the setting', async () => {
    expect(await up([], { CONVEYOR_CLUSTER_VISIBILITY_STORE: 'opensearch' })).toEqual({
      code: 2,
      output: 'cluster up: CONVEYOR_CLUSTER_VISIBILITY_STORE=opensearch is neither postgresql nor elasticsearch\n',
    });
  });
});
