// `npm test`: everything a fresh clone needs, then every check, each step timed.
//   1. tools      what npm does not bring, pinned, into .conveyor/tools (scripts/provision-tools.ts)
//   2. at once:   typecheck  tsc (TypeScript 7), incremental (its record in .conveyor/cache)
//                 lint       eslint, cached (.conveyor/cache/eslint)
//                 tests      vitest run; arguments after `npm test --` go to vitest (a file, `--project unit`, ...);
//                            its global setup first builds dist/ and the dashboard when older than their
//                            sources (scripts/build.mjs --if-stale)
// The checks only read the sources, and the tests mostly wait on real processes: side by side, the
// checks use the cores the tests leave idle (on two cores a clean clone's lint takes 26 s alone, the type check 10 s).
// They run at a lower CPU priority: the tests' global setup (the build, the bundle, the dev server)
// is what every test waits for, and a check competing with it delays the whole run.
// The tests write to the terminal as they run; the checks' output follows once all three end.
// It stops after the first stage with a failing step, with that step's exit code.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The niceness of the checks beside the tests: below the tests, not starved by them. */
const BACKGROUND_PRIORITY = 10;

/** Stages run one after another; the steps of a stage run at once (they only read the sources). */
const stages = [
  [['tools', node, ['--require', 'tsx/cjs', 'scripts/provision-tools.ts', 'test']]],
  [
    ['typecheck', npm, ['run', '--silent', 'typecheck'], { background: true }],
    ['lint', npm, ['run', '--silent', 'lint'], { background: true }],
    ['tests', node, [path.join('node_modules', 'vitest', 'vitest.mjs'), 'run', ...process.argv.slice(2)], { live: true }],
  ],
];

/**
 * Runs one step. Alone in its stage, or marked live (the tests' progress), it writes straight to
 * the terminal; beside others its output is held and written whole once it ends, so two steps'
 * errors never interleave (nor cut into the tests' progress).
 */
function run([name, file, args, { live = false, background = false } = {}], alone) {
  const began = performance.now();
  const child = spawn(file, args, { cwd: ROOT, stdio: alone || live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  // Set before npm starts tsc or eslint, which inherit it.
  if (background && child.pid !== undefined) os.setPriority(child.pid, BACKGROUND_PRIORITY);
  const held = [];
  child.stdout?.on('data', (chunk) => held.push([process.stdout, chunk]));
  child.stderr?.on('data', (chunk) => held.push([process.stderr, chunk]));
  return new Promise((resolve) => {
    child.on('close', (status, signal) => resolve({ name, status, signal, held, ms: performance.now() - began }));
  });
}

const timings = [];
const summary = () => timings.map(({ name, ms }) => `${name} ${(ms / 1000).toFixed(1)} s`).join(' · ');
for (const stage of stages) {
  const results = await Promise.all(stage.map((step) => run(step, stage.length === 1)));
  for (const { held } of results) for (const [stream, chunk] of held) stream.write(chunk);
  timings.push(...results);
  const failed = results.find(({ status }) => status !== 0);
  if (failed) {
    console.error(`npm test: ${failed.name} failed (${failed.signal ?? `exit code ${failed.status}`}) · ${summary()}`);
    process.exit(failed.status ?? 1);
  }
}
console.log(`npm test: passed · ${summary()}`);
