import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Settings } from './config';

export type { Logger };

/**
 * One logger per process, named after its component (`dev`, `worker`, `api`, ...), so that
 * the processes `conveyor dev` starts share one readable stream on the terminal.
 * `pretty` writes synchronously on the main thread: no transport worker thread to pay for
 * in idle memory, and nothing lost when a process exits.
 */
export function createLogger(component: string, log: Settings['log'], to: 'stdout' | 'stderr' = 'stdout'): Logger {
  const options = { name: component, level: log.level };
  // stderr for a command whose stdout is its report (`--json` output a script parses).
  const fd = to === 'stderr' ? 2 : 1;
  if (log.format === 'json') return to === 'stderr' ? pino(options, pino.destination({ dest: fd, sync: true })) : pino(options);
  return pino(
    options,
    pretty({ sync: true, singleLine: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l', colorize: process[to].isTTY, destination: fd }),
  );
}
