import type { Durability } from '../../durability';

/**
 * The SQLite pragmas that give each durability level ({@link Durability}). Both levels name every
 * pragma: WAL mode persists in the file, so leaving the pragmas out would not turn it off again.
 */
const PRAGMAS: Record<Durability, string[]> = {
  'process-crash': ['journal_mode=wal', 'synchronous=normal'],
  'power-loss': ['journal_mode=delete', 'synchronous=full'],
};

/** The `temporal server start-dev` arguments that set the durability level, then `extra` pragmas (`name=value`). */
export function sqlitePragmaArgs(durability: Durability, extra: readonly string[] = []): string[] {
  return [...PRAGMAS[durability], ...extra].flatMap((pragma) => ['--sqlite-pragma', pragma]);
}
