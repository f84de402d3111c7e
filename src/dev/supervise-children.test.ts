import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ChildRole, ConveyorChild, ReadyMessage } from './child-process';
import { RESTART_POLICY } from './restart-policy';
import { superviseChildren } from './supervise-children';

/** A stand-in child the test makes ready or kills (the real ones run in test/dev/restart.e2e.test.ts). */
interface FakeChild {
  child: ConveyorChild;
  becomeReady(): void;
  die(code: number | string): void;
}

function fakeChild(role: ChildRole): FakeChild {
  let ready!: (message: ReadyMessage) => void;
  let notReady!: (error: Error) => void;
  let exit!: (code: number | string) => void;
  const exited = new Promise<number | string>((resolve) => (exit = resolve));
  const readyPromise = new Promise<ReadyMessage>((resolve, reject) => ((ready = resolve), (notReady = reject)));
  readyPromise.catch(() => undefined);
  const apiReady = readyPromise.then(() => 'http://127.0.0.1:1');
  apiReady.catch(() => undefined);
  const die = (code: number | string): void => {
    notReady(new Error(`${role} exited (${code}) before it was ready`));
    exit(code);
  };
  const child: ConveyorChild = {
    role,
    process: undefined as never, // the supervisor never touches the process itself
    ready: readyPromise,
    apiReady,
    exited,
    metricsPort: () => undefined,
    lastError: () => undefined,
    stop: async () => die('SIGTERM'),
  };
  return { child, becomeReady: () => ready({ type: 'ready' }), die };
}

/** The supervisor over fake children: what it spawned, what it logged, whether it gave up. */
function supervised() {
  const spawned: FakeChild[] = [];
  const messages: string[] = [];
  let failures = 0;
  const log = pino({ level: 'info' }, { write: (line: string) => void messages.push((JSON.parse(line) as { msg: string }).msg) });
  const children = superviseChildren({
    spawn(role) {
      const fake = fakeChild(role);
      spawned.push(fake);
      return fake.child;
    },
    graceMs: 1_000,
    log,
    fail: () => void failures++,
  });
  return { children, spawned, messages, failures: () => failures };
}

/** Long enough for the back-off after a first quick crash (a child that served for less than 10 s: 1 s) to run out. */
const PAST_BACK_OFF_MS = RESTART_POLICY.firstDelayMs * 2 + 500;

// Each test waits out a real back-off (its own supervisor): side by side, they take one wait.
describe.concurrent('superviseChildren', () => {
  it('ends the stack when a child dies before its role was ever ready, starting nothing', async () => {
    const { children, spawned, messages, failures } = supervised();
    children.serve(children.start('worker'));
    spawned[0]!.die(1);
    await sleep(PAST_BACK_OFF_MS);
    expect(failures()).toBe(1);
    expect(spawned).toHaveLength(1);
    expect(messages).toContain('worker exited unexpectedly (exit code 1); stopping everything');
  });

  it('starts a new child for a role whose child died after it was ready, and that one serves the role', async () => {
    const { children, spawned, messages, failures } = supervised();
    children.serve(children.start('worker'));
    spawned[0]!.becomeReady();
    await sleep(0);
    spawned[0]!.die('SIGKILL');
    await sleep(PAST_BACK_OFF_MS);
    expect(spawned.map((fake) => fake.child.role)).toEqual(['worker', 'worker']);
    expect(children.current('worker')).toBe(spawned[1]!.child);
    expect(messages.filter((message) => message.startsWith('worker exited unexpectedly'))).toEqual([
      'worker exited unexpectedly (SIGKILL, after serving 0 s); starting a new one in 1 s',
    ]);
    expect(failures()).toBe(0);
  });

  it('starts nothing when, during the back-off, the dev loop has put another child in its place, or the stack stops', async () => {
    const replaced = supervised();
    replaced.children.serve(replaced.children.start('worker'));
    replaced.spawned[0]!.becomeReady();
    await sleep(0);
    replaced.spawned[0]!.die('SIGKILL');
    const reloaded = replaced.children.start('worker');
    replaced.children.serve(reloaded);

    const stopped = supervised();
    stopped.children.serve(stopped.children.start('worker'));
    stopped.spawned[0]!.becomeReady();
    await sleep(0);
    stopped.spawned[0]!.die('SIGKILL');
    await stopped.children.stopAll();

    await sleep(PAST_BACK_OFF_MS);
    expect(replaced.spawned).toHaveLength(2);
    expect(replaced.children.current('worker')).toBe(reloaded);
    expect(stopped.spawned).toHaveLength(1);
  });

  it('does not restart a child retired on purpose', async () => {
    const { children, spawned } = supervised();
    const worker = children.start('worker');
    children.serve(worker);
    spawned[0]!.becomeReady();
    await sleep(0);
    await children.retire(worker);
    await sleep(PAST_BACK_OFF_MS);
    expect(spawned).toHaveLength(1);
    expect(children.current('worker')).toBeUndefined();
  });
});
