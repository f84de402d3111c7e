/** Plain numbers shared by the schema and the workflow (free of imports, so the workflow bundle stays small). */

/** At most this many chunk activities in flight. */
export const DATA_PROCESSING_FANOUT = 8;
