/**
 * CLI start benchmark: `conveyor tasks get <id>` from start to exit, as a user runs it, against a
 * bare `node` script making the same request (GET /tasks/<id> through fetch, the body printed), on
 * the same Task API in the same run; with the peak RSS of each run, from `/usr/bin/time -f %M`.
 * The CLI runs both ways it ships: from this checkout (`node bin/conveyor.js`, which loads the
 * TypeScript sources through tsx) and compiled (`node <dist>/cli/main.js`, what an installed
 * package runs), built here with the package's own tsconfig into a folder of the benchmark's.
 * Every run's environment holds CONVEYOR_API_URL and no other Conveyor or Temporal setting, as a
 * shell that only points the CLI at an API; one more row sets TEMPORAL_ADDRESS too, with which the
 * CLI validates every setting (src/cli/api-client-settings.ts).
 * Run: npm run bench:cli   (BENCH_RUNS, default 20; BENCH_DIST=0 skips the compiled CLI)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../src/log';
import { exitOf, readyMessage, ROOT, spawnCli } from '../test/helpers/cli';
import { freePort } from '../test/helpers/free-port';
import { startScratchDevServer } from '../test/helpers/scratch-dev-server';
import { jsonClient } from './http-client';
import { mb } from './process-tree';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WITH_DIST = process.env.BENCH_DIST !== '0';
/** No worker serves this queue: the task stays queued, which is all `tasks get` needs. */
const QUEUE = 'bench-cli';
const TIME = '/usr/bin/time';
const TSX = require.resolve('tsx/cjs');

/** What a user would write instead of the CLI: one request, the body printed. */
const BARE_SCRIPT = `fetch(process.argv[2]).then((answer) => answer.text()).then((body) => console.log(body));\n`;

interface Variant {
  name: string;
  args: string[];
  /** Settings in its environment besides CONVEYOR_API_URL. */
  env?: NodeJS.ProcessEnv;
}

interface Run {
  ms: number;
  rssKb: number;
}

/** Runs `node <args>` once under /usr/bin/time (when present): wall time from spawn to exit, peak RSS. */
async function runOnce(variant: Variant, env: NodeJS.ProcessEnv, rssFile: string, expected: string): Promise<Run> {
  env = { ...env, ...variant.env };
  const measured = existsSync(TIME);
  const [command, args] = measured ? [TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...variant.args]] : [process.execPath, variant.args];
  const began = performance.now();
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await exitOf(child);
  const ms = performance.now() - began;
  if (code !== 0 || !output.includes(expected)) throw new Error(`${variant.name} exited ${code} without the task id:\n${output}`);
  return { ms, rssKb: measured ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) : NaN };
}

/** `env` without Conveyor's and Temporal's settings (this benchmark's own, TEMPORAL_CLI_PATH say). */
function withoutSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^(CONVEYOR|TEMPORAL)_/.test(name)));
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
};

/** The package's build (`tsc -p tsconfig.json`) into `outDir`, which must sit inside the repository so the compiled files find node_modules. */
function buildDist(outDir: string): void {
  const began = performance.now();
  // tsc emits even when it reports type errors (someone else's work in progress): only a missing CLI stops the benchmark.
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript-7', 'bin', 'tsc'), '-p', 'tsconfig.json', '--outDir', outDir], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(path.join(outDir, 'cli', 'main.js'))) throw new Error(`tsc exited ${build.status} without building the CLI`);
  console.error(`built the compiled CLI in ${((performance.now() - began) / 1000).toFixed(1)} s${build.status === 0 ? '' : ` (tsc exited ${build.status})`}`);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-bench-cli-'));
  // Under the repository's .conveyor/ (git ignores it): an installed package resolves its dependencies the same way.
  const distDir = path.join(ROOT, '.conveyor', `bench-cli-dist-${process.pid}`);
  try {
    if (WITH_DIST) buildDist(distDir);
    await measure(dataDir, distDir);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(distDir, { recursive: true, force: true });
  }
}

/** Starts a dev server and a Task API of the benchmark's own, submits one task, and times the ways to get it. */
async function measure(dataDir: string, distDir: string): Promise<void> {
  const log = createLogger('bench', { level: 'warn', format: 'pretty' });
  const server = await startScratchDevServer(dataDir, log);
  const apiPort = await freePort();
  const api = spawnCli(['api'], { TEMPORAL_ADDRESS: server.address, CONVEYOR_DATA_DIR: dataDir, CONVEYOR_LOG_LEVEL: 'warn', CONVEYOR_API_PORT: String(apiPort) });
  const base = `http://127.0.0.1:${apiPort}`;
  const http = jsonClient(base, 1);
  try {
    await readyMessage(api, 60_000);
    const submitted = await http.request<{ task_id: string }>('POST', '/tasks', { task_name: 'noop', parameters: {}, queue: QUEUE });
    if (submitted.status !== 201) throw new Error(`submit answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
    const id = submitted.body.task_id;

    const bareScript = path.join(dataDir, 'bare-get.js');
    writeFileSync(bareScript, BARE_SCRIPT);
    const url = `${base}/tasks/${encodeURIComponent(id)}`;
    const variants: Variant[] = [
      { name: 'bare `node` script (fetch GET /tasks/<id>, body printed)', args: [bareScript, url] },
      { name: 'the same script under tsx (`node --require tsx/cjs`)', args: ['--require', TSX, bareScript, url] },
      { name: '`conveyor tasks get <id>`, checkout (`node bin/conveyor.js`, sources through tsx)', args: [path.join(ROOT, 'bin', 'conveyor.js'), 'tasks', 'get', id] },
      ...(WITH_DIST
        ? [
            { name: '`conveyor tasks get <id>`, compiled (`node dist/cli/main.js`, as installed)', args: [path.join(distDir, 'cli', 'main.js'), 'tasks', 'get', id] },
            {
              name: 'the same, with TEMPORAL_ADDRESS also set (every setting validated, zod loaded)',
              args: [path.join(distDir, 'cli', 'main.js'), 'tasks', 'get', id],
              env: { TEMPORAL_ADDRESS: server.address },
            },
          ]
        : []),
    ];
    // A shell that points the CLI at the API and holds no other Conveyor or Temporal setting.
    const env = { ...withoutSettings(process.env), CONVEYOR_API_URL: base };
    const rssFile = path.join(dataDir, 'rss');
    const runs = variants.map((): Run[] => []);
    // One discarded round (tsx's transform cache, the OS file cache), then RUNS rounds in a rotating
    // order, so that no variant always runs first or right after another.
    for (let round = -1; round < RUNS; round++) {
      if (round >= 0 && round % 5 === 0) console.error(`round ${round + 1}/${RUNS}`);
      for (let k = 0; k < variants.length; k++) {
        const index = (k + Math.max(round, 0)) % variants.length;
        const run = await runOnce(variants[index]!, env, rssFile, id);
        if (round >= 0) runs[index]!.push(run);
      }
    }

    const stats = runs.map((samples) => ({
      p50: percentile(samples.map((s) => s.ms), 50),
      p90: percentile(samples.map((s) => s.ms), 90),
      rss: percentile(samples.map((s) => s.rssKb), 50),
    }));
    const bare = stats[0]!;
    const load = os.loadavg()[0]!.toFixed(1);
    console.log(`\nStart to exit, ${RUNS} runs each (${os.cpus().length} cores, Node ${process.version}, load average ${load}); peak RSS from ${existsSync(TIME) ? `${TIME} -f %M, median` : 'nowhere (no /usr/bin/time)'}\n`);
    console.log('| command | median | p90 | peak RSS | time / bare | RSS / bare |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const [index, variant] of variants.entries()) {
      const s = stats[index]!;
      console.log(`| ${variant.name} | ${(s.p50 / 1000).toFixed(3)} s | ${(s.p90 / 1000).toFixed(3)} s | ${mb(s.rss)} MiB | ${(s.p50 / bare.p50).toFixed(2)}x | ${(s.rss / bare.rss).toFixed(2)}x |`);
    }
    const target = (index: number, label: string) => {
      const ratio = (stats[index]!.p50 / bare.p50).toFixed(2);
      console.log(`${label}: ${ratio}x the bare script (target at most 1.5x: ${Number(ratio) <= 1.5 ? 'met' : 'NOT met'})`);
    };
    console.log('');
    if (WITH_DIST) target(3, 'compiled CLI (what the package runs; the target applies here)');
    if (WITH_DIST) target(4, 'compiled CLI with another setting in its environment');
    target(2, 'checkout CLI (through tsx)');
  } finally {
    http.close();
    api.kill('SIGTERM');
    await exitOf(api);
    await server.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
