import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEV_SERVER_PID_FILE, forgetDevServer, recordDevServer, stopOrphanedDevServer } from './pid-file';
import { processIdentity } from './process-identity';

/**
 * The PID file's bookkeeping, with this test process standing in for the server (a unit test
 * starts no processes): what is recorded, and what a start does with a record that is not an
 * orphan. Stopping a real orphan: test/dev/orphans.e2e.test.ts.
 */
describe('the dev server PID file', () => {
  let dataDir: string;
  let logged: string[];
  const log = () => pino({ level: 'debug' }, { write: (line: string) => void logged.push(line) });
  const pidFile = () => path.join(dataDir, DEV_SERVER_PID_FILE);
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-pid-file-'));
    logged = [];
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('records the server by pid, command line and start time, with its owner; forgetting it removes the file', () => {
    recordDevServer(dataDir, process.pid, '127.0.0.1:7233');
    expect(JSON.parse(readFileSync(pidFile(), 'utf8'))).toEqual({
      pid: process.pid,
      server: processIdentity(process.pid),
      owner: { pid: process.pid, identity: processIdentity(process.pid) },
      address: '127.0.0.1:7233',
    });
    forgetDevServer(dataDir, process.pid + 1); // another server's end: not this record's
    expect(existsSync(pidFile())).toBe(true);
    forgetDevServer(dataDir, process.pid);
    expect(existsSync(pidFile())).toBe(false);
  });

  it('refuses to start while the server it names still has its owner: that is another stack on the folder, not an orphan', async () => {
    recordDevServer(dataDir, process.pid, '127.0.0.1:7233');
    await expect(stopOrphanedDevServer(dataDir, log())).rejects.toThrow(
      `process ${process.pid} (${processIdentity(process.pid)?.commandLine}) already runs a Temporal dev server (pid ${process.pid}, 127.0.0.1:7233) on ${dataDir}`,
    );
    expect(existsSync(pidFile())).toBe(true);
  });

  it('removes, signalling nothing, a record whose pid now belongs to another process (a reused pid)', async () => {
    recordDevServer(dataDir, process.pid, '127.0.0.1:7233');
    const record = JSON.parse(readFileSync(pidFile(), 'utf8')) as { server: { startedAt: string } };
    record.server.startedAt = 'another start';
    writeFileSync(pidFile(), JSON.stringify(record));

    await stopOrphanedDevServer(dataDir, log()); // were this process signalled, SIGTERM would end the test run

    expect(existsSync(pidFile())).toBe(false);
    expect(logged.join('')).toContain(`removed a stale ${DEV_SERVER_PID_FILE}: pid ${process.pid} no longer runs the Temporal dev server it names`);
  });

  it('does nothing when there is no PID file, or one that cannot be read', async () => {
    await stopOrphanedDevServer(dataDir, log());
    writeFileSync(pidFile(), '{"pid": 12'); // a write cut short
    await stopOrphanedDevServer(dataDir, log());
    expect(logged).toEqual([]);
  });
});
