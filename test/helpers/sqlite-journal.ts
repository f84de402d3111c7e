import { openSync, readSync, closeSync } from 'node:fs';

/**
 * The journal mode a SQLite database file is in, from its header: bytes 18 and 19 (the file
 * format's write and read versions) are 2 in WAL mode and 1 with a rollback journal
 * (https://www.sqlite.org/fileformat.html#file_format_version_numbers).
 */
export function sqliteJournalMode(dbFile: string): 'wal' | 'rollback' {
  const header = Buffer.alloc(20);
  const fd = openSync(dbFile, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  const [write, read] = [header[18], header[19]];
  if (write === 2 && read === 2) return 'wal';
  if (write === 1 && read === 1) return 'rollback';
  throw new Error(`${dbFile} has no SQLite journal mode in its header (bytes 18-19: ${write}, ${read})`);
}
