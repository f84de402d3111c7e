/** The queues every Conveyor deployment knows. Tasks may also name custom queues of their own. */
export const DEFAULT_QUEUE = 'computor-tasks';
export const HIGH_PRIORITY_QUEUE = 'computor-high-priority';
export const LONG_RUNNING_QUEUE = 'computor-long-running';

export const STANDARD_QUEUES: readonly string[] = [DEFAULT_QUEUE, HIGH_PRIORITY_QUEUE, LONG_RUNNING_QUEUE];

/** Temporal task queue names: printable, no whitespace, bounded. */
export const QUEUE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
