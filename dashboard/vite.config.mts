import { writeFileSync } from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT_DIR = path.join(ROOT, 'dist/dashboard');
/** Lists the repository's files the build read, so `npm start` can tell a stale build (scripts/build-dashboard.mjs). */
export const BUILD_INPUTS = '.build-inputs.json';

function recordInputs(): Plugin {
  return {
    name: 'conveyor-record-inputs',
    writeBundle(_options, bundle) {
      const inputs = new Set<string>();
      for (const output of Object.values(bundle)) {
        for (const id of output.type === 'chunk' ? output.moduleIds : []) {
          const file = id.split('?')[0] ?? '';
          if (path.isAbsolute(file) && file.startsWith(ROOT) && !file.includes('/node_modules/')) inputs.add(path.relative(ROOT, file));
        }
      }
      writeFileSync(path.join(OUT_DIR, BUILD_INPUTS), `${JSON.stringify([...inputs].sort(), null, 1)}\n`);
    },
  };
}

/** Built into the package's dist/dashboard, which the API serves under /admin (src/api/http/dashboard-files.ts). */
export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  plugins: [react(), recordInputs()],
  build: { outDir: OUT_DIR, emptyOutDir: true },
  // `npx vite --config dashboard/vite.config.mts` while working on the pages: the API on :8000 answers their requests.
  server: { proxy: { '^/(tasks|workers|me)': 'http://127.0.0.1:8000' } },
});
