import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../log';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};
const RANK: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

/** `sdkComponent` of the entries the application writes itself, with `log` from `@temporalio/workflow` or `@temporalio/activity`. */
const APPLICATION_COMPONENTS = new Set(['workflow', 'activity']);

/** Attributes the SDK adds to the application's entries that say nothing a reader of the stack's log needs (the task id and name replace them). */
const CONTEXT_ATTRIBUTES = ['sdkComponent', 'namespace', 'taskQueue', 'runId', 'workflowRunId', 'workflowId', 'workflowType', 'taskToken', 'activityId', 'isLocal'];

/**
 * Routes the Temporal SDK's log entries into the process logger, so there is one stream.
 * The application's own entries (workflow and activity `log`) pass at the process's level, each
 * with the task id and task name; the SDK's own chatter (it reports every worker state change at
 * INFO) only from `sdkMinimum` up.
 */
export function sdkLogger(log: Logger, sdkMinimum?: LogLevel): DefaultLogger {
  const level: LogLevel = log.level === 'trace' ? 'TRACE' : log.level === 'debug' ? 'DEBUG' : 'INFO';
  return new DefaultLogger(level, (entry) => {
    const fromApplication = APPLICATION_COMPONENTS.has(String(entry.meta?.sdkComponent));
    if (!fromApplication && sdkMinimum && RANK[entry.level] < RANK[sdkMinimum]) return;
    log[LEVELS[entry.level]](fromApplication ? applicationFields(entry) : sdkFields(entry), entry.message);
  });
}

/** An application entry's fields: the task it belongs to first, then what the application added. */
function applicationFields({ meta = {} }: LogEntry): Record<string, unknown> {
  const rest = Object.fromEntries(Object.entries(meta).filter(([key]) => !CONTEXT_ATTRIBUTES.includes(key)));
  const { activityType, attempt, ...added } = rest;
  return {
    task_id: meta.workflowId,
    task_name: meta.workflowType,
    ...(activityType ? { activity: activityType } : {}),
    // The first attempt is the rule; say so only for retries.
    ...(typeof attempt === 'number' && attempt > 1 ? { attempt } : {}),
    ...withPinoError(added),
  };
}

function sdkFields({ meta = {} }: LogEntry): Record<string, unknown> {
  return withPinoError(meta);
}

/** pino serializes errors under `err` only; the SDK passes them as `error`. */
function withPinoError(fields: Record<string, unknown>): Record<string, unknown> {
  const { error, ...rest } = fields;
  return error instanceof Error ? { ...rest, err: error } : fields;
}
