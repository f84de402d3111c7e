import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../test/helpers/cli';

/** The local cluster of deploy/cluster, driven through its own script, as a user would. */

const CLUSTER_SCRIPT = path.join(ROOT, 'deploy', 'cluster', 'cluster.sh');
const clusterDir = path.resolve(ROOT, process.env.CONVEYOR_CLUSTER_DIR ?? path.join(process.env.CONVEYOR_DATA_DIR ?? '.conveyor', 'cluster'));

export type DatabaseRoute = 'postgresql' | 'pgbouncer';
export type TemporalService = 'history' | 'matching' | 'frontend' | 'worker';

/** `cluster.sh <args>`; its output, or an error carrying it. */
export async function cluster(args: string[]): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)('bash', [CLUSTER_SCRIPT, ...args], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  return stdout + stderr;
}

/** `cluster:up` on the route asked for; a cluster running on the other route is stopped first (its data stays). */
export async function clusterUp(route: DatabaseRoute): Promise<string> {
  const running = runningRoute();
  if (running && running !== route) await cluster(['down']);
  return cluster(['up', ...(route === 'pgbouncer' ? ['--pgbouncer'] : [])]);
}

function runningRoute(): DatabaseRoute | undefined {
  try {
    return readFileSync(path.join(clusterDir, 'run', 'database-route'), 'utf8').trim() as DatabaseRoute;
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
