// `npm test`: everything a fresh clone needs, then every check, each step timed.
//   1. tools      what npm does not bring, pinned, into .conveyor/tools (scripts/provision-tools.ts)
//   2. build      dist/ and the dashboard, when older than their sources (scripts/build.mjs --if-stale)
//   3. typecheck  tsc, incremental (its record in .conveyor/cache)
//   4. lint       eslint, cached (.conveyor/cache/eslint)
//   5. tests      vitest run; arguments after `npm test --` go to vitest (a file, `--project unit`, ...)
// It stops at the first step that fails, with that step's exit code.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const steps = [
  ['tools', node, ['--require', 'tsx/cjs', 'scripts/provision-tools.ts', 'test']],
  ['build', node, ['scripts/build.mjs', '--if-stale']],
  ['typecheck', npm, ['run', '--silent', 'typecheck']],
  ['lint', npm, ['run', '--silent', 'lint']],
  ['tests', node, [path.join('node_modules', 'vitest', 'vitest.mjs'), 'run', ...process.argv.slice(2)]],
];

const timings = [];
const summary = () => timings.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(' · ');
for (const [name, file, args] of steps) {
  const began = performance.now();
  const { status, signal } = spawnSync(file, args, { cwd: ROOT, stdio: 'inherit' });
  timings.push([name, performance.now() - began]);
  if (status !== 0) {
    console.error(`npm test: ${name} failed (${signal ?? `exit code ${status}`}) · ${summary()}`);
    process.exit(status ?? 1);
  }
}
console.log(`npm test: passed · ${summary()}`);
