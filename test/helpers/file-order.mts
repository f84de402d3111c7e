import { existsSync, readFileSync } from 'node:fs';

/** What orders one test file in a run. */
export interface FileTiming {
  /** The rank of the vitest project the file runs in: the projects share the pool, lower ranks first. */
  projectRank: number;
  /** It failed last time (vitest's cache): run it first, to hear about it early. */
  failed: boolean;
  /** How long it took: vitest's cache of the last run here, else the committed record; undefined for a new file. */
  durationMs: number | undefined;
}

/**
 * Orders test files longest first, so the run's end is not one long file started last on an
 * otherwise idle pool (on two cores, a clean clone's first run took 18 s longer than the next, which
 * had vitest's own timings). Within a project: failed last time, then files no timing knows (new
 * ones: they may be long), then by duration; ties keep the order the files came in.
 */
export function longestFirst<T>(files: readonly T[], timingOf: (file: T) => FileTiming): T[] {
  return files
    .map((file, index) => ({ file, index, ...timingOf(file) }))
    .sort(
      (a, b) =>
        a.projectRank - b.projectRank ||
        Number(b.failed) - Number(a.failed) ||
        (a.durationMs === undefined ? (b.durationMs === undefined ? 0 : -1) : b.durationMs === undefined ? 1 : b.durationMs - a.durationMs) ||
        a.index - b.index,
    )
    .map(({ file }) => file);
}

/** The committed record of each test file's duration (`npm run test:durations`), by path from the repository root; empty when absent or unreadable. */
export function recordedDurations(file: string): Record<string, number> {
  if (!existsSync(file)) return {};
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof record === 'object' && record !== null ? (record as Record<string, number>) : {};
  } catch {
    return {};
  }
}
