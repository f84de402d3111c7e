/**
 * The C allocator's arenas for the worker process `conveyor dev` starts: two. glibc's malloc gives
 * threads that allocate at once arenas of their own, up to eight per core, and an arena keeps the
 * memory it has touched. The worker process has many such threads (libuv's pool, V8's, the
 * Temporal Core runtime's), so its idle memory depended on which of them allocated during the
 * start. Measured (bench/README.md, "Footprint"): `conveyor worker start` idled at 222–229 MB with
 * two arenas against 247–261 MB without, and its CPU per no-op workflow did not move (0.373
 * against 0.388 and 0.383 against 0.378 s per 100, two runs). Other C libraries (musl, on Alpine)
 * ignore the variable. Production runs `conveyor worker start` under the environment its operator gives.
 */
export const DEV_MALLOC_ARENAS = 2;

/** The variable for the worker's environment, unless the developer set one of their own. */
export function mallocArenaEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return env.MALLOC_ARENA_MAX === undefined ? { MALLOC_ARENA_MAX: String(DEV_MALLOC_ARENAS) } : {};
}
