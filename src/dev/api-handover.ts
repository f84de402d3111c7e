import type { ChildProcess } from 'node:child_process';
import type { ApiPlacement } from '../api/server';
import type { ApiReadyMessage } from './child-process';

/**
 * Under `conveyor dev` the worker process serves the Task API too: one Node process (and one
 * Temporal client, the application's config, tsx) fewer than a separate `conveyor api`
 * (bench:footprint). A reload starts a new worker process beside the one serving, so the port
 * passes from one to the other: the new process asks for it once it has loaded, and the
 * supervisor grants it once no other process holds it. The previous one lets go first thing
 * when told to stop (its open event streams end with `server_closing`, and clients resume them
 * from the new one), and says so; its worker drains after that. Event-driven: nobody retries a
 * port that is taken.
 */

/** Set by `conveyor dev` on its worker: serve the Task API as well, on the port the supervisor grants. */
export const SERVE_API_ENV = 'CONVEYOR_DEV_SERVE_API';

type HandoverMessage =
  | { type: 'await-api-port' }
  /** The port to listen on: the one the API listened on before (CONVEYOR_API_PORT=0 picks one once), else the settings'. */
  | { type: 'api-port'; port: number | undefined }
  | ApiReadyMessage
  | { type: 'api-released' };

const isMessage = (message: unknown): message is HandoverMessage =>
  typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string';

/** The supervisor's side: the API port, held by one child at a time, granted in the order asked. */
export class ApiPortHandover {
  private holder: ChildProcess | undefined;
  private readonly waiting: ChildProcess[] = [];
  private port: number | undefined;

  /**
   * Answers the child's requests for the port, and keeps the port its API listens on for the next
   * holder, so that the URL stays the same across reloads; its exit lets go of the port (kill -9
   * included).
   */
  follow(child: ChildProcess): void {
    child.on('message', (message: unknown) => {
      if (!isMessage(message)) return;
      if (message.type === 'await-api-port') {
        this.waiting.push(child);
        this.grantNext();
      } else if (message.type === 'api-ready') {
        this.port = Number(new URL(message.url).port) || undefined;
      } else if (message.type === 'api-released') {
        this.release(child);
      }
    });
    child.once('exit', () => {
      const queued = this.waiting.indexOf(child);
      if (queued >= 0) this.waiting.splice(queued, 1);
      this.release(child);
    });
  }

  private release(child: ChildProcess): void {
    if (this.holder !== child) return;
    this.holder = undefined;
    this.grantNext();
  }

  private grantNext(): void {
    while (!this.holder && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      if (!next.connected) continue; // ended meanwhile
      this.holder = next;
      next.send({ type: 'api-port', port: this.port } satisfies HandoverMessage);
    }
  }
}

/**
 * The worker process's side: resolves with the port to listen on once the supervisor grants it
 * (`undefined`: the settings' own), or `'stopped'` if `stopped` settles first.
 */
function awaitApiPort(stopped: Promise<unknown>): Promise<{ port: number | undefined } | 'stopped'> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown): void => {
      if (isMessage(message) && message.type === 'api-port') settle({ port: message.port });
    };
    const settle = (outcome: { port: number | undefined } | 'stopped'): void => {
      process.off('message', onMessage);
      resolve(outcome);
    };
    process.on('message', onMessage);
    void stopped.then(() => settle('stopped'));
    process.send?.({ type: 'await-api-port' } satisfies HandoverMessage);
  });
}

/**
 * Where the API stands inside a worker of `conveyor dev`: it listens on the port the supervisor
 * grants, says where, and lets go of the port first thing on a stop.
 */
export function handedOverPlacement(): ApiPlacement {
  return {
    port: awaitApiPort,
    listening: (url) => process.send?.({ type: 'api-ready', url } satisfies HandoverMessage),
    released: () => {
      if (process.connected) process.send?.({ type: 'api-released' } satisfies HandoverMessage);
    },
  };
}
