import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** What a child sends once it serves: the API adds the URL it really listens on (CONVEYOR_API_PORT=0 picks a free port). */
export interface ReadyMessage {
  type: 'ready';
  url?: string | undefined;
}

/** What a child of `conveyor dev` is there for. */
export type ChildRole = 'worker' | 'api';

/** A Conveyor process (`conveyor <args>`) started by `conveyor dev`. */
export interface ConveyorChild {
  role: ChildRole;
  process: ChildProcess;
  /** Resolves when the child says it is serving (an IPC `{type: 'ready'}` message, with the URL it serves on if it has one). */
  ready: Promise<ReadyMessage>;
  /** Resolves with the exit code (or signal name) when the child ends. */
  exited: Promise<number | string>;
  /** The last `error: ...` line the child printed (what the CLI prints when a command fails). */
  lastError(): string | undefined;
  /**
   * SIGTERM, then SIGKILL if it has not ended within `graceMs`. Asking again waits for the same
   * stop: a second SIGTERM would kill a worker that is draining (the SDK handles only the first).
   */
  stop(graceMs: number): Promise<void>;
}

/** How much of a child's error output is kept to find its last error line. */
const ERROR_TAIL_CHARS = 8192;

/**
 * Runs this same CLI again as a child (same Node flags, same entry point, this environment plus
 * `env`), sharing the terminal so every process writes to one log stream (its error output passes
 * through this process, which keeps the tail). The child gets its own process group: a Ctrl-C
 * reaches only the supervisor, which stops the children in order.
 */
export function spawnConveyor(role: ChildRole, args: string[], env: NodeJS.ProcessEnv = {}): ConveyorChild {
  const entry = process.argv[1];
  if (!entry) throw new Error('cannot tell which script is running');
  const child = spawn(process.execPath, [...process.execArgv, entry, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    detached: true,
  });
  let errorTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    errorTail = (errorTail + chunk.toString()).slice(-ERROR_TAIL_CHARS);
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const ready = new Promise<ReadyMessage>((resolve, reject) => {
    child.on('message', (message: Partial<ReadyMessage> | undefined) => {
      if (message?.type === 'ready') resolve({ type: 'ready', url: message.url });
    });
    void exited.then((code) => reject(new Error(`${role} exited (${code}) before it was ready`)));
  });
  ready.catch(() => undefined); // the supervisor reports it; don't crash on an unobserved rejection
  let stopped: Promise<void> | undefined;
  return {
    role,
    process: child,
    ready,
    exited,
    lastError: () =>
      errorTail
        .split('\n')
        .reverse()
        .find((line) => line.startsWith('error: ')),
    stop(graceMs) {
      stopped ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        // An unref'd timer: once the child is gone, the grace period must not keep this process alive.
        const ended = await Promise.race([exited.then(() => true), sleep(graceMs, false, { ref: false })]);
        if (!ended) {
          child.kill('SIGKILL');
          await exited;
        }
      })();
      return stopped;
    },
  };
}
