import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitOf, ROOT, waitForOutput, withOutput } from '../helpers/cli';
import { listeningPorts } from '../helpers/listening-ports';
import { portAnswers } from '../helpers/port-answers';
import { RUN_MARK } from '../helpers/run-lifeline';
import { until } from '../helpers/until';

const VITEST = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

/** What the fixture run says once its global setup and its test file have started everything. */
interface HeldRun {
  run: string;
  tmp: string;
  temporal: string;
  child: number;
}

/** The live processes whose environment carries the run's mark (what the run's reaper looks for). */
function processesOf(run: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`${RUN_MARK}=${run}`) && readFileSync(`/proc/${pid}/cmdline`, 'utf8') !== '';
      } catch {
        return false;
      }
    })
    .map(Number);
}

function livePids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** The processes among `pids` that listen on `port`. */
async function listenersFrom(pids: Set<number>, port: number): Promise<number[]> {
  const listening = await Promise.all(livePids().filter((pid) => pids.has(pid)).map(async (pid) => ((await listeningPorts(pid).catch((): number[] => [])).includes(port) ? [pid] : [])));
  return listening.flat();
}

/**
 * An interrupted run leaves nothing behind: a run of the suite's global setup (its dev server and
 * worker) and a test file that starts a process of its own is stopped the three ways a run ends
 * early, and every process it started, its dev server first, and its temporary folder are gone.
 */
describe('a test run that is interrupted', () => {
  it.concurrent.each([
    ['Ctrl-C (SIGINT to the whole process group, as a terminal sends it)', (pid: number) => process.kill(-pid, 'SIGINT')],
    ['SIGTERM to vitest', (pid: number) => process.kill(pid, 'SIGTERM')],
    ['SIGKILL to vitest', (pid: number) => process.kill(pid, 'SIGKILL')],
  ])('%s ends its dev server, its worker and the processes its tests started, and removes its temporary folder', async (_, interrupt) => {
    // Its own process group, as a run started from a terminal.
    const vitest = withOutput(
      spawn(process.execPath, [VITEST, 'run', '--config', 'test/fixtures/interrupted-run/vitest.config.mts'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    const said = await waitForOutput(vitest, /interrupted-run fixture: (\{.*\})/);
    const held = JSON.parse(said.slice(said.indexOf('{'))) as HeldRun;
    const [temporalHost = '', temporalPort = ''] = held.temporal.split(':');
    expect(processesOf(held.run).length).toBeGreaterThanOrEqual(4); // at least vitest's test process, the dev server, the worker and the test's own
    expect(await portAnswers(Number(temporalPort), temporalHost)).toBe(true);
    expect(existsSync(held.tmp)).toBe(true);

    // Whoever listens on the dev server's port afterwards must be a process started since: the
    // freed port may go to another test's server at once on a busy machine.
    const before = new Set(livePids());
    interrupt(vitest.pid!);
    await exitOf(vitest);
    const left = await until(
      async () => processesOf(held.run),
      (pids) => pids.length === 0,
      { tries: 150, intervalMs: 200 },
    );
    expect(left).toEqual([]);
    if (await portAnswers(Number(temporalPort), temporalHost)) expect(await listenersFrom(before, Number(temporalPort))).toEqual([]);
    await until(
      async () => existsSync(held.tmp),
      (exists) => !exists,
      { tries: 50, intervalMs: 100 },
    );
  }, 120_000);
});
