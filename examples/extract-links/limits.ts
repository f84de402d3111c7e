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
