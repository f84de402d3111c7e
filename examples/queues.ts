/** The queues the previous task system's clients submit to, kept by name so they work unchanged. */
export const DEFAULT_QUEUE = 'computor-tasks';
export const HIGH_PRIORITY_QUEUE = 'computor-high-priority';
export const LONG_RUNNING_QUEUE = 'computor-long-running';

/** Every queue the examples' workers serve; the first is the default (where `noop` runs). */
export const QUEUES = [DEFAULT_QUEUE, HIGH_PRIORITY_QUEUE, LONG_RUNNING_QUEUE];
