/** Plain numbers shared by the schema and the workflow (free of imports, so the workflow bundle stays small). */

/** The most steps one task may run: each is an activity, and its events grow the task's history. */
export const MAX_SEQUENCE_STEPS = 100;
