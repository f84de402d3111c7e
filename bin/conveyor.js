#!/usr/bin/env node
// The `conveyor` command: the compiled CLI when the package was built (`npm run build`),
// else the TypeScript sources through tsx, so a fresh checkout works without a build step.
const fs = require('node:fs');
const path = require('node:path');

const compiled = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(compiled)) require('tsx/cjs');
const { main } = require(fs.existsSync(compiled) ? compiled : path.join(__dirname, '..', 'src', 'cli', 'main.ts'));
main(process.argv).then((code) => {
  process.exitCode = code;
});
