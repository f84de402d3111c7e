import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerTemporalGate, AWAIT_TEMPORAL_ENV } from '../../src/dev/temporal-gate';

/** A real child process that waits at the gate as the worker does, then prints the outcome and ends. */
function gatedChild(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const gate = path.join(__dirname, '..', '..', 'src', 'dev', 'temporal-gate.ts');
  const script = `require(${JSON.stringify(gate)}).awaitTemporalFromParent(['SIGTERM']).then((outcome) => console.log('outcome:', outcome));`;
  const child = fork('-e', [script], {
    execArgv: ['--require', 'tsx/cjs'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Resolves with the first IPC message of the given type the child sends. */
function messageOf(child: ChildProcess, type: string): Promise<void> {
  return new Promise((resolve) => child.on('message', (message: { type?: string }) => message?.type === type && resolve()));
}

describe('the temporal gate of conveyor dev', () => {
  it('keeps a worker started beside the Temporal server waiting until the supervisor says the server answers', async () => {
    let serverUp!: () => void;
    const temporalUp = new Promise<void>((resolve) => (serverUp = resolve));
    const { child, output } = gatedChild({ [AWAIT_TEMPORAL_ENV]: '1' });
    const asked = messageOf(child, 'await-temporal');
    answerTemporalGate(child, temporalUp);
    await asked;
    expect(output()).toBe(''); // it asked, and waits: the server has not answered yet
    serverUp();
    const [code] = await once(child, 'exit');
    expect(output()).toBe('outcome: up\n');
    expect(code).toBe(0);
  });

  it('lets a worker stopped while it waits end at once, with nothing to drain', async () => {
    const { child, output } = gatedChild({ [AWAIT_TEMPORAL_ENV]: '1' });
    const asked = messageOf(child, 'await-temporal');
    answerTemporalGate(child, new Promise<never>(() => undefined)); // a server that never answers
    await asked;
    child.kill('SIGTERM');
    const [code, signal] = await once(child, 'exit');
    expect(output()).toBe('outcome: stopped\n');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });

  it('does not wait when nothing asked it to (a worker started on its own, or by a test)', async () => {
    const { child, output } = gatedChild({ [AWAIT_TEMPORAL_ENV]: '' });
    let asked = false;
    child.on('message', () => (asked = true));
    const [code] = await once(child, 'exit');
    expect(output()).toBe('outcome: up\n');
    expect(asked).toBe(false);
    expect(code).toBe(0);
  });
});
