import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../helpers/cli';

export function readRepoFile(...parts: string[]): string {
  return readFileSync(path.join(ROOT, ...parts), 'utf8');
}

/** Every `{{ env "NAME" }}` the cluster's config template reads. */
export function templateVariables(): string[] {
  return [...new Set([...readRepoFile('deploy', 'cluster', 'temporal.yaml').matchAll(/env "(\w+)"/g)].map(([, name = '']) => name))];
}

/** The pinned server version in deploy/cluster/settings.sh, e.g. `v1.32.1`. */
export function pinnedServerVersion(): string {
  return /^TEMPORAL_SERVER_VERSION=(\S+)$/m.exec(readRepoFile('deploy', 'cluster', 'settings.sh'))?.[1] ?? 'none';
}

/** Runs a program; its exit code and everything it printed. */
export function runProgram(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) =>
    execFile(file, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: stdout + stderr }),
    ),
  );
}

/**
 * The template values each deployment (compose, Helm, Render) gives a server container: where it
 * runs, its database, and Elasticsearch's password (read only with Elasticsearch visibility).
 */
export const PER_DEPLOYMENT = [
  'CONVEYOR_CLUSTER_HOST',
  'CONVEYOR_CLUSTER_FRONTEND_ADDRESS',
  'CONVEYOR_CLUSTER_FRONTEND_HTTP_ADDRESS',
  'CONVEYOR_CLUSTER_PG_HOST',
  'CONVEYOR_CLUSTER_DB_PASSWORD',
  'CONVEYOR_CLUSTER_ES_PASSWORD',
];
