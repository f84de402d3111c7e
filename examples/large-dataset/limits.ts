/** Plain numbers shared by the schema and the workflow (free of imports, so the workflow bundle stays small). */

/**
 * The most items a task may ask for: their sum, about 5e13, stays well inside the integers a
 * double holds exactly (Number.MAX_SAFE_INTEGER, about 9e15).
 */
export const MAX_LENGTH = 10_000_000;
/** One chunk is one activity attempt; a million integers take milliseconds. */
export const MAX_CHUNK_SIZE = 1_000_000;
/** Each chunk is one activity; beyond this the task is a flood of tiny activities, not a dataset job. */
export const MAX_CHUNKS = 100_000;
/**
 * A run continues as new after this many chunks unless Temporal suggests it sooner. A chunk costs
 * about six history events, so a run stays well under Temporal's suggestion threshold and warning.
 */
export const DEFAULT_CHUNKS_PER_RUN = 500;
export const MAX_CHUNKS_PER_RUN = 1000;
