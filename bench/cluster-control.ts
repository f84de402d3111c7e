import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../test/helpers/cli';

/** The local cluster of deploy/cluster, driven through its own script, as a user would. */

const CLUSTER_SCRIPT = path.join(ROOT, 'deploy', 'cluster', 'cluster.sh');
const clusterDir = path.resolve(ROOT, process.env.CONVEYOR_CLUSTER_DIR ?? path.join(process.env.CONVEYOR_DATA_DIR ?? '.conveyor', 'cluster'));

export type DatabaseRoute = 'postgresql' | 'pgbouncer';
export type VisibilityStore = 'postgresql' | 'elasticsearch';
export type TemporalService = 'history' | 'matching' | 'frontend' | 'worker';

/** How the cluster runs: its services' route to PostgreSQL, and where their visibility is. */
export interface ClusterMode {
  route: DatabaseRoute;
  visibility: VisibilityStore;
}

/** The mode that command-line options ask for (`--pgbouncer`, `--elasticsearch`, as cluster:up takes them). */
export function modeOf(argv: string[]): ClusterMode {
  return { route: argv.includes('--pgbouncer') ? 'pgbouncer' : 'postgresql', visibility: argv.includes('--elasticsearch') ? 'elasticsearch' : 'postgresql' };
}

/** `cluster.sh up` in that mode. */
export function upArgs(mode: ClusterMode): string[] {
  return ['up', ...(mode.route === 'pgbouncer' ? ['--pgbouncer'] : []), ...(mode.visibility === 'elasticsearch' ? ['--elasticsearch'] : [])];
}

/** `cluster.sh <args>`; its output, or an error carrying it. */
export async function cluster(args: string[]): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)('bash', [CLUSTER_SCRIPT, ...args], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  return stdout + stderr;
}

/** `cluster:up` in the mode asked for; a cluster running in another mode is stopped first (its data stays). */
export async function clusterUp(mode: ClusterMode): Promise<string> {
  const running = { route: recorded('database-route'), visibility: recorded('visibility-store') };
  if ((running.route && running.route !== mode.route) || (running.visibility && running.visibility !== mode.visibility)) await cluster(['down']);
  return cluster(upArgs(mode));
}

/** What cluster:up recorded of the running services' mode (run/database-route, run/visibility-store). */
function recorded(file: string): string | undefined {
  try {
    return readFileSync(path.join(clusterDir, 'run', file), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** kill -9 of one of the cluster's Temporal services, by the PID cluster:up recorded. */
export function killService(service: TemporalService): number {
  const pid = Number(readFileSync(path.join(clusterDir, 'run', `${service}.pid`), 'utf8'));
  process.kill(pid, 'SIGKILL');
  return pid;
}
