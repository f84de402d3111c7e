/** Plain numbers shared by the schema and the workflow (free of imports, so the workflow bundle stays small). */

/** example_error_handling runs this many steps; `fail_at_step` picks one of them. */
export const ERROR_HANDLING_STEPS = 3;
