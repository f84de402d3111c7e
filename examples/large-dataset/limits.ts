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
 * about six history events: some 3,000 a run, short of Temporal's 10,240-event warning and its
 * 51,200-event limit, and not one run per chunk (history replayed on every worker restart stays small,
 * and the chain stays short).
 */
export const DEFAULT_CHUNKS_PER_RUN = 500;
export const MAX_CHUNKS_PER_RUN = 1000;
