/**
 * How long `npm test` takes, and where the time goes: BENCH_RUNS (default 3) runs of `npm test`
 * with the tools in place (a first provisioning run is not counted), reporting the median wall time,
 * each step's median (tools; typecheck, lint and tests, which run side by side: the line `npm test` prints at its end)
 * and the slowest test files (the median of each file's time over the runs, from vitest's JSON
 * report). Each run's report is kept in test-artifacts/bench-test/. Baseline, measured in the same
 * run: what any integration run costs before its first test — vitest with the global setup (the
 * build check, the bundle check, a dev server and a worker) and one test file of a few milliseconds.
 *
 * Run: npm run bench:test          (BENCH_RUNS=5 npm run bench:test for more runs)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../test/helpers/cli';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BUDGET_S = 240;
const REPORT = path.join(ROOT, 'test-artifacts', 'vitest-report.json');
const KEPT = path.join(ROOT, 'test-artifacts', 'bench-test');

interface VitestReport {
  testResults: { name: string; startTime: number; endTime: number; assertionResults: unknown[] }[];
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Runs a command with its output shown; its wall time and what it printed last. */
function timed(file: string, args: string[]): { ms: number; lastLine: string } {
  const began = performance.now();
  const run = spawnSync(file, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - began;
  process.stdout.write(run.stdout);
  if (run.status !== 0) throw new Error(`${file} ${args.join(' ')} failed (exit code ${run.status})`);
  const lines = run.stdout.trim().split('\n');
  return { ms, lastLine: lines.at(-1) ?? '' };
}

/** `npm test: passed · tools 0.2 s · typecheck 6.1 s · ...` → each step's seconds. */
function stepTimes(line: string): Record<string, number> {
  return Object.fromEntries([...line.matchAll(/(\w+) ([\d.]+) s/g)].map(([, name = '', s = '0']) => [name, Number(s) * 1000]));
}

function main(): void {
  mkdirSync(KEPT, { recursive: true });
  console.log('bench:test: provisioning the tools first (not counted)');
  timed(process.execPath, ['--require', 'tsx/cjs', 'scripts/provision-tools.ts', 'test']);

  const walls: number[] = [];
  const steps: Record<string, number[]> = {};
  const files = new Map<string, number[]>();
  let tests = 0;
  for (let run = 1; run <= RUNS; run++) {
    console.log(`bench:test: run ${run} of ${RUNS}: npm test`);
    const { ms, lastLine } = timed('npm', ['test']);
    walls.push(ms);
    for (const [name, stepMs] of Object.entries(stepTimes(lastLine))) (steps[name] ??= []).push(stepMs);
    copyFileSync(REPORT, path.join(KEPT, `run-${run}.json`));
    const report = JSON.parse(readFileSync(REPORT, 'utf8')) as VitestReport;
    tests = report.testResults.reduce((count, file) => count + file.assertionResults.length, 0);
    for (const file of report.testResults) {
      const name = path.relative(ROOT, file.name);
      files.set(name, [...(files.get(name) ?? []), file.endTime - file.startTime]);
    }
  }

  console.log('bench:test: baseline: an integration run of one quick test file (global setup and teardown included)');
  const baseline = median([1, 2, 3].map(() => timed(process.execPath, [path.join('node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', 'integration', 'test/guards/test-lint.test.ts']).ms));

  const wall = median(walls);
  console.log(`\nnpm test, median of ${RUNS} runs: ${seconds(wall)} (runs: ${walls.map(seconds).join(', ')}); budget ${BUDGET_S} s: ${wall / 1000 <= BUDGET_S ? 'within' : 'OVER'}`);
  console.log(`  ${report(steps)}`);
  console.log(`  ${files.size} files, ${tests} tests; sum of the files' own times ${seconds([...files.values()].reduce((sum, times) => sum + median(times), 0))} (four files run at a time)`);
  console.log(`baseline (global setup, one quick file, teardown; median of 3): ${seconds(baseline)}`);
  console.log('\nslowest files (median over the runs):');
  for (const [name, times] of [...files].sort((a, b) => median(b[1]) - median(a[1])).slice(0, 15)) {
    console.log(`  ${seconds(median(times)).padStart(8)}  ${name}`);
  }
  console.log(`\nper-run reports: ${path.relative(ROOT, KEPT)}/run-<n>.json`);
}

function report(steps: Record<string, number[]>): string {
  return Object.entries(steps)
    .map(([name, times]) => `${name} ${seconds(median(times))}`)
    .join(' · ');
}

main();
