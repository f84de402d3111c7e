/** Temporal task queue names: printable, no whitespace, bounded. */
export const QUEUE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/**
 * Task names: they are Temporal workflow types and start every generated task id, so they stay
 * printable and short; a letter first.
 */
export const TASK_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]{0,199}$/;
