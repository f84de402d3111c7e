import { describe, expect, it } from 'vitest';
import { sqlitePragmaArgs } from './sqlite-durability';

describe('sqlitePragmaArgs', () => {
  it('asks for a write-ahead log synced at checkpoints for process-crash durability', () => {
    expect(sqlitePragmaArgs('process-crash')).toEqual(['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal']);
  });

  it('names the rollback journal and a sync per commit for power-loss durability, since WAL mode persists in the file', () => {
    expect(sqlitePragmaArgs('power-loss')).toEqual(['--sqlite-pragma', 'journal_mode=delete', '--sqlite-pragma', 'synchronous=full']);
  });

  it("puts pragmas asked for besides the level's after it (a benchmark trying one)", () => {
    expect(sqlitePragmaArgs('process-crash', ['cache_size=-8000'])).toEqual([
      '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal', '--sqlite-pragma', 'cache_size=-8000',
    ]);
  });
});
