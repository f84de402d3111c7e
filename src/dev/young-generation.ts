/**
 * The V8 flag `conveyor dev` starts its worker process with: the young generation's two
 * semi-spaces capped at 4 MB each. V8 grows them up to 16 MB under the allocation burst of a
 * start (the application's config, the workflow bundle, the API's routes and OpenAPI document)
 * and keeps them while the process idles, which is most of a developer's day. Measured
 * (bench/README.md, "Footprint"): the worker process, API included, idles at about 274 MB instead
 * of 335 MB, and its CPU per no-op workflow did not move (0.400 against 0.401 s per 100, same run).
 * Production runs `conveyor worker start` and `conveyor api` without it, under the flags its
 * operator gives.
 */
export const DEV_SEMI_SPACE_MB = 4;

/** The flag, unless the developer set a semi-space size of their own (as a Node flag or in NODE_OPTIONS). */
export function youngGenerationFlags(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((flag) => /^--max[-_]semi[-_]space[-_]size(=|$)/.test(flag));
  return given ? [] : [`--max-semi-space-size=${DEV_SEMI_SPACE_MB}`];
}
