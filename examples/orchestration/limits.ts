/** Plain numbers shared by the schema and the workflow (free of imports, so the workflow bundle stays small). */

/** Each value is one child workflow; a fan-out wider than this belongs in chunked activities. */
export const MAX_VALUES = 50;

/** Keeps every sum within a double's exact integers (MAX_VALUES * 2 * MAX_VALUE < 2^53). */
export const MAX_VALUE = 1_000_000_000;
