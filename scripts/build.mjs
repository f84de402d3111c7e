// Builds the package: dist/ (tsc -p tsconfig.json) and the dashboard (scripts/build-dashboard.mjs).
//
//   node scripts/build.mjs              a clean build (`npm run build`, and `npm pack` through prepack)
//   node scripts/build.mjs --if-stale   only what is missing or older than its sources: what `npm test`
//                                       and the integration tests' global setup run, so a run builds at
//                                       most once, before any test, and never two builds at once
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
/** Written after tsc succeeds: dist is as new as this file. */
const STAMP = path.join(DIST, '.tsc-stamp');
const BUILD_INFO = path.join(ROOT, '.conveyor', 'cache', 'dist.tsbuildinfo');
/** TypeScript 7's compiler (the `typescript-7` alias; `typescript` stays 6 for typescript-eslint's API). */
const TSC = path.join(ROOT, 'node_modules', 'typescript-7', 'bin', 'tsc');

function mtime(file) {
  return statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Infinity;
}

/** The files tsc -p tsconfig.json builds dist from (tests are excluded there too). */
function distSources() {
  const sources = readdirSync(path.join(ROOT, 'src'), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.test.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
  return [...sources, path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'package-lock.json')];
}

function distStaleReason() {
  if (!existsSync(STAMP) || !existsSync(path.join(DIST, 'index.js'))) return 'not built yet';
  const builtAt = mtime(STAMP);
  const changed = distSources().find((file) => mtime(file) > builtAt);
  return changed ? `${path.relative(ROOT, changed)} changed` : undefined;
}

function buildDist(reason) {
  console.log(`building dist/ (${reason})`);
  // tsc's incremental record says what it emitted; with dist gone, it must not be trusted.
  if (!existsSync(path.join(DIST, 'index.js'))) rmSync(BUILD_INFO, { force: true });
  mkdirSync(path.dirname(BUILD_INFO), { recursive: true });
  execFileSync(process.execPath, [TSC, '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', BUILD_INFO], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  writeFileSync(STAMP, '');
}

function buildDashboard(ifStale) {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-dashboard.mjs'), ...(ifStale ? ['--if-stale'] : [])], { cwd: ROOT, stdio: 'inherit' });
}

try {
  if (process.argv.includes('--if-stale')) {
    const reason = distStaleReason();
    if (reason) buildDist(reason);
    buildDashboard(true);
  } else {
    rmSync(DIST, { recursive: true, force: true });
    buildDist('asked to');
    buildDashboard(false);
  }
} catch (error) {
  // tsc and vite have printed why.
  process.exitCode = typeof error.status === 'number' ? error.status : 1;
}
