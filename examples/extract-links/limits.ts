/** Plain numbers shared by the workflow and the activity (free of imports, so the workflow bundle stays small). */

/** Links kept from one month page; a page with more is cut (and says so). */
export const MONTH_LINKS_MAX = 2000;

/** Links per page of results: each page is its own payload when the workflow continues as new. */
export const LINKS_PER_PAGE = 1000;

/**
 * Unique links one task keeps: the result is one payload, under Temporal's 2 MB payload limit at
 * typical URL lengths. Links beyond are left out and the result says `truncated`.
 */
export const MAX_LINKS = 10_000;

/** The longest link kept, in characters; a longer one is left out and counted (`dropped_long_links`). */
export const MAX_LINK_LENGTH = 2048;

/**
 * Bytes the links may take as JSON, in one month page's answer (the activity's result) and in the
 * task's result (also what the continue-as-new input carries): links beyond are left out and
 * `truncated` says so. A quarter of Temporal's 2 MiB payload limit, so whatever the pages hold,
 * the result (with at most 240 month summaries) stays well under it.
 */
export const MAX_LINKS_BYTES = 512 * 1024;
