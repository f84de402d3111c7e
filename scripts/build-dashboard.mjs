// Builds the dashboard (dashboard/, React + Vite) into dist/dashboard, which the API serves under
// /admin. `--if-stale` builds only when that build is missing or older than a file it was built
// from (the list the build records), the dashboard's sources or the installed packages: what
// `npm start` runs, so a checkout serves a current dashboard without a build step of its own.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist/dashboard');
const CONFIG = path.join(ROOT, 'dashboard/vite.config.mts');

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Infinity; // gone since the build: build again
  }
}

function filesUnder(folder) {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function staleReason() {
  const index = path.join(OUT, 'index.html');
  const inputsFile = path.join(OUT, '.build-inputs.json');
  if (!existsSync(index) || !existsSync(inputsFile)) return 'not built yet';
  const builtAt = mtime(index);
  const recorded = JSON.parse(readFileSync(inputsFile, 'utf8')).map((file) => path.join(ROOT, file));
  const sources = [...recorded, ...filesUnder(path.join(ROOT, 'dashboard')), path.join(ROOT, 'package-lock.json')];
  const changed = sources.find((file) => mtime(file) > builtAt);
  return changed ? `${path.relative(ROOT, changed)} changed` : undefined;
}

const ifStale = process.argv.includes('--if-stale');
const reason = ifStale ? staleReason() : 'asked to';
if (reason) {
  console.log(`building the dashboard (${reason}) into dist/dashboard`);
  // The build served to operators is React's production build whatever NODE_ENV the caller has
  // (Vite would follow an inherited NODE_ENV=test or development and ship React's development build).
  process.env.NODE_ENV = 'production';
  // Vite loads only when there is something to build: the up-to-date check stays instant.
  const { build } = await import('vite');
  await build({ configFile: CONFIG, logLevel: 'warn' });
}
