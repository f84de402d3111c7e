/**
 * What the embedded dev server's SQLite file survives (CONVEYOR_TEMPORAL_DURABILITY); src/temporal/dev-server/sqlite-durability.ts
 * holds the SQLite pragmas that give it.
 *
 * - `process-crash` (the default): a write-ahead log with `synchronous=NORMAL`. A commit is in the
 *   WAL file (written, not yet fsynced) before Temporal acknowledges it, so every accepted task
 *   survives the dev server, Conveyor or the whole process tree being killed. The WAL is fsynced
 *   only at checkpoints, so an OS crash or power loss may roll back the transactions committed
 *   since the last one: recently submitted tasks or progress can be lost, and the file stays
 *   consistent. About twice the throughput of `power-loss` (bench/README.md).
 * - `power-loss`: SQLite's own defaults, a rollback journal with an fsync on every commit.
 */
export const DURABILITY_LEVELS = ['process-crash', 'power-loss'] as const;

export type Durability = (typeof DURABILITY_LEVELS)[number];
