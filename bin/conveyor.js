#!/usr/bin/env node
// The `conveyor` command. In a checkout of Conveyor's own repository it runs the TypeScript
// sources through tsx (no build step, never a stale build); an installed package has no sources
// and runs its compiled `dist/`.
const fs = require('node:fs');
const path = require('node:path');

const source = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
const fromSource = fs.existsSync(source);
if (fromSource) require('tsx/cjs');
const { main } = require(fromSource ? source : path.join(__dirname, '..', 'dist', 'cli', 'main.js'));
main(process.argv).then((code) => {
  process.exitCode = code;
});
