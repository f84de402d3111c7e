#!/usr/bin/env node
// The `conveyor` command. In a checkout of Conveyor's own repository it runs the TypeScript
// sources through tsx (no build step, never a stale build); an installed package has no sources
// and runs its compiled `dist/`.
const { enableCompileCache } = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

// Node's module compile cache: compiled code is kept on disk (in the system's temporary folder, or
// where NODE_COMPILE_CACHE says), so each later start of a worker, the API or a command skips
// compiling the SDK and the rest again (a worker is ready about a fifth sooner). The variable
// hands it on to the worker threads (Temporal's workflow threads) and to the processes `conveyor
// dev` starts. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
const compileCache = enableCompileCache?.();
if (compileCache?.directory) process.env.NODE_COMPILE_CACHE = compileCache.directory;

const source = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
const fromSource = fs.existsSync(source);
if (fromSource) {
  require('tsx/cjs');
  // As src/project/source-maps.ts does after each tsx registration: stack traces map this
  // checkout's TypeScript, not node_modules (about 0.1 s of CPU saved at each start).
  require('node:module').setSourceMapsSupport?.(true, { nodeModules: false });
}
const { main } = require(fromSource ? source : path.join(__dirname, '..', 'dist', 'cli', 'main.js'));
main(process.argv).then((code) => {
  process.exitCode = code;
});
