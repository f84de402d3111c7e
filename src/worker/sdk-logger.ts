import { DefaultLogger, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../log';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Routes the Temporal SDK's log entries into the process logger, so there is one stream.
 * `minimum` raises the floor for chatty parts (the bundler reports every step at INFO).
 */
export function sdkLogger(log: Logger, minimum?: LogLevel): DefaultLogger {
  const level: LogLevel = minimum ?? (log.level === 'trace' ? 'TRACE' : log.level === 'debug' ? 'DEBUG' : 'INFO');
  return new DefaultLogger(level, ({ level: entryLevel, message, meta }) => {
    // pino serializes errors under `err` only; the SDK passes them as `error`.
    const { error, ...rest } = meta ?? {};
    log[LEVELS[entryLevel]](error instanceof Error ? { ...rest, err: error } : (meta ?? {}), message);
  });
}
