import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../log';
import { locateTemporalCli, TemporalCliNotFoundError, type CliLocation } from './locate-temporal-cli';
import { CONVEYOR_SEARCH_ATTRIBUTES, SEARCH_ATTRIBUTE_TYPE_NAMES } from '../../contract/search-attributes';
import type { Durability } from '../../durability';
import { sqlitePragmaArgs } from './sqlite-durability';
import { forgetDevServer, recordDevServer, stopOrphanedDevServer } from './pid-file';
import { FrontendHealth } from './frontend-health';

export interface DevServerOptions {
  dataDir: string;
  host: string;
  port: number;
  uiPort: number;
  namespace: string;
  cliPath: string | undefined;
  /** What the SQLite file survives (CONVEYOR_TEMPORAL_DURABILITY). */
  durability: Durability;
  log: Logger;
  /** How long to wait for the server to answer before giving up. */
  readyTimeoutMs?: number;
  /** More dynamic config values (`--dynamic-config-value key=<JSON value>`), besides Conveyor's own. */
  dynamicConfig?: Record<string, string | number | boolean>;
  /** More SQLite pragmas (`--sqlite-pragma name=value`), after the durability level's (benchmarks try them). */
  sqlitePragmas?: string[];
}

/** A running Temporal dev server, started by Conveyor. */
export interface DevServer {
  address: string;
  uiUrl: string;
  /** The SQLite file that holds every workflow, so tasks survive a restart. */
  dbFile: string;
  route: CliLocation['route'];
  pid: number | undefined;
  /** Stops the server gracefully (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` on the data folder's SQLite file and waits until it answers;
 * first stops a server an earlier run left there (see dev-server-pid-file.ts).
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  mkdirSync(options.dataDir, { recursive: true });
  await stopOrphanedDevServer(options.dataDir, options.log);
  const dbFile = path.join(options.dataDir, 'temporal.sqlite');
  const connectHost = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  const address = `${connectHost}:${options.port}`;
  const uiUrl = `http://${connectHost}:${options.uiPort}`;
  const location = await locateTemporalCli({
    cliPath: options.cliPath,
    pathEnv: process.env.PATH,
    toolsDir: path.join(options.dataDir, 'tools'),
    log: options.log,
  });

  if (location.route === 'SDK download') {
    return startWithSdkDownload(options, { address, uiUrl, dbFile });
  }
  const child = spawn(location.path, devServerArgs(options, dbFile), {
    // Its own process group: a Ctrl-C on the terminal reaches Conveyor, which stops the
    // worker first and the server last, so in-flight work can still report back.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = forwardLogs(child, options.log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  if (child.pid !== undefined) {
    const pid = child.pid;
    recordDevServer(options.dataDir, pid, address);
    void exited.then(() => forgetDevServer(options.dataDir, pid));
  }
  child.once('error', (error) => options.log.error({ err: error }, 'could not run the temporal CLI'));

  try {
    await waitUntilServing(address, exited, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    const portTaken = output.quoted().some((line) => /address already in use|bind:/i.test(line));
    const hint = portTaken
      ? ` Port ${options.port} or ${options.uiPort} is taken (another Temporal server?): set CONVEYOR_TEMPORAL_PORT / CONVEYOR_TEMPORAL_UI_PORT, or TEMPORAL_ADDRESS to use that server.`
      : '';
    throw new Error(`the Temporal dev server (${location.path}) did not start: ${(error as Error).message}.${hint}\n${output.quoted().join('\n')}`);
  }

  return {
    address,
    uiUrl,
    dbFile,
    route: location.route,
    pid: child.pid,
    stop: () => stopChild(child, exited),
  };
}

/**
 * The dynamic config Conveyor's tasks expect of a server, here and in every recipe
 * (`deploy/cluster/dynamicconfig.yaml` sets the same values; a test holds them together):
 *  - task priority: the priority matcher (the default from server 1.31; older CLIs on PATH need it
 *    asked for);
 *  - one partition per queue, written and read: a poll sees one partition's backlog only, so with
 *    the default 4 a backlog is taken in priority and fairness order only within each quarter, and
 *    Temporal divides a queue's rate limits among its read partitions (a backlog in one partition
 *    would move at a quarter of the limit). New tasks have gone to the one partition since
 *    2026-11-24; reads follow now that no backlog is left in the others;
 *  - fairness: each task's fairness key (its submitter by default) takes its weighted share of the
 *    queue, and the queue's rate limits per key apply (docs/flow-control.md). Off by default in the server.
 */
export const CONVEYOR_DYNAMIC_CONFIG: Readonly<Record<string, unknown>> = {
  'matching.useNewMatcher': true,
  'matching.numTaskqueueWritePartitions': 1,
  'matching.numTaskqueueReadPartitions': 1,
  'matching.enableFairness': true,
  // Bulk actions (POST /tasks/batch) are Temporal batch operations: Temporal's default of one job
  // at a time per namespace lets one operator's job refuse every other's; 200 tasks a second
  // instead of 50 acts on 3,000 failed tasks in 15 s.
  'frontend.MaxConcurrentBatchOperationPerNamespace': 5,
  'worker.batcherRPS': 200,
};

function devServerArgs(options: DevServerOptions, dbFile: string): string[] {
  return [
    'server', 'start-dev',
    '--ip', options.host,
    '--port', String(options.port),
    '--ui-port', String(options.uiPort),
    '--db-filename', dbFile,
    ...sqlitePragmaArgs(options.durability, options.sqlitePragmas),
    '--namespace', options.namespace,
    '--log-format', 'json',
    '--log-level', 'warn',
    ...Object.entries(CONVEYOR_DYNAMIC_CONFIG).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]),
    ...Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]),
    ...CONVEYOR_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${SEARCH_ATTRIBUTE_TYPE_NAMES[key.type]}`]),
  ];
}

/** How many of the server's first and last output lines a startup error quotes. */
const QUOTED_LINES = 20;

/**
 * Re-logs the server's JSON log lines under the `temporal` name; keeps its first and last lines
 * for error messages (a Go panic puts its message first and a long stack trace after it).
 */
function forwardLogs(child: ChildProcess, log: Logger): { quoted(): string[] } {
  const first: string[] = [];
  const last: string[] = [];
  let dropped = 0;
  const temporalLog = log.child({ name: 'temporal' });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      if (first.length < QUOTED_LINES) first.push(line);
      else {
        last.push(line);
        if (last.length > QUOTED_LINES) {
          last.shift();
          dropped++;
        }
      }
      try {
        const entry = JSON.parse(line) as { level?: string; msg?: string; error?: string };
        const level = entry.level === 'error' || entry.level === 'fatal' ? 'error' : entry.level === 'warn' ? 'warn' : 'debug';
        temporalLog[level]({ error: entry.error }, entry.msg ?? line);
      } catch {
        temporalLog.debug(line);
      }
    });
  }
  return { quoted: () => [...first, ...(dropped > 0 ? [`… (${dropped} lines)`] : []), ...last] };
}

async function waitUntilServing(address: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const health = new FrontendHealth(address);
  try {
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`it exited with code ${exitCode}`);
      if (await health.serving(Math.min(1000, Math.max(1, deadline - Date.now())))) return;
      if (exitCode === undefined) await sleep(100);
    }
  } finally {
    health.close();
  }
  throw new Error(`no answer on ${address} within ${timeoutMs / 1000}s`);
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  // Unref'd: once the server is gone, the kill deadline must not keep this process alive.
  const killed = await Promise.race([exited.then(() => true), sleep(10_000, false, { ref: false })]);
  if (!killed) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Last resort for users with internet: the SDK downloads and runs the same CLI dev server. */
async function startWithSdkDownload(
  options: DevServerOptions,
  where: { address: string; uiUrl: string; dbFile: string },
): Promise<DevServer> {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  try {
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        dbFilename: where.dbFile,
        ip: options.host,
        port: options.port,
        ui: true,
        uiPort: options.uiPort,
        namespace: options.namespace,
        searchAttributes: [...CONVEYOR_SEARCH_ATTRIBUTES],
        log: { format: 'json', level: 'warn' },
        extraArgs: sqlitePragmaArgs(options.durability, options.sqlitePragmas),
      },
    });
    return { ...where, route: 'SDK download', pid: undefined, stop: () => env.teardown() };
  } catch (error) {
    throw new TemporalCliNotFoundError(`The Temporal SDK could not download the CLI either (${(error as Error).message}).`);
  }
}
