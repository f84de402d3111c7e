// Runs a TypeScript script as bin/conveyor.js runs the CLI: tsx registered in this thread only, so
// the SDK's workflow threads start without it, as in Conveyor's own worker (under
// `node --require tsx/cjs` every thread would load tsx too). Usage: node bench/run-ts.mjs <script> [args...]
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
require('tsx/cjs');
const script = path.resolve(process.argv[2] ?? '');
// The script reads its arguments from argv[2] on, as if it had been run directly.
process.argv.splice(1, 1);
require(script);
