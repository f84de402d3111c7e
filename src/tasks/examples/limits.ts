/** Plain numbers shared by the example schemas and workflows (kept free of imports, so workflow bundles stay small). */

/** example_error_handling runs this many steps; `fail_at_step` picks one of them. */
export const ERROR_HANDLING_STEPS = 3;

/** example_data_processing keeps at most this many chunk activities in flight. */
export const DATA_PROCESSING_FANOUT = 8;
