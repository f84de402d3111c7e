import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';

/**
 * The unit project's setup: unit tests run in seconds and on any machine because they start no
 * process, so starting one is an error that says where the test belongs. (Tests that run a tool,
 * a script or a server are integration tests: `test/**` without `.unit`.)
 */
const LAUNCHERS = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;

for (const name of LAUNCHERS) {
  Object.defineProperty(childProcess, name, {
    configurable: true,
    writable: true,
    value: () => {
      throw new Error(`unit tests start no child process (child_process.${name} was called): move this test to the integration project`);
    },
  });
}
// `import { spawn } from 'node:child_process'` binds the ES module's exports: bring them in line.
syncBuiltinESMExports();
