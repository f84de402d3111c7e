import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { watchSources, type SourceWatcher } from './source-watcher';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'conveyor-watch-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let folders = 0;
let watcher: SourceWatcher | undefined;
afterEach(() => watcher?.close());

/** A folder with the given files, and a watcher on `watched` of them whose reports arrive in order. */
function watchFolder(files: Record<string, string>, watched: string[]) {
  const dir = path.join(scratch, `folder-${++folders}`);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const reports: string[][] = [];
  const waiting: Array<(changed: string[]) => void> = [];
  watcher = watchSources(
    (changed) => {
      const names = changed.map((file) => path.relative(dir, file));
      const next = waiting.shift();
      if (next) next(names);
      else reports.push(names);
    },
    (error) => {
      throw error;
    },
  );
  watcher.watch(watched.map((name) => path.join(dir, name)));
  return {
    write: (name: string, text: string) => writeFileSync(path.join(dir, name), text),
    /** An editor's save: a new file renamed over the old one. */
    replace: (name: string, text: string) => {
      writeFileSync(path.join(dir, `.${name}.swp`), text);
      renameSync(path.join(dir, `.${name}.swp`), path.join(dir, name));
    },
    nextReport: () => (reports.length > 0 ? Promise.resolve(reports.shift()!) : new Promise<string[]>((resolve) => waiting.push(resolve))),
  };
}

describe('watchSources', () => {
  it('reports a changed file, also when saved by renaming over it, and not a save that leaves the content as it was', async () => {
    const folder = watchFolder({ 'a.ts': 'a1', 'b.ts': 'b1' }, ['a.ts', 'b.ts']);

    folder.write('a.ts', 'a2');
    expect(await folder.nextReport()).toEqual(['a.ts']);

    folder.replace('b.ts', 'b2');
    expect(await folder.nextReport()).toEqual(['b.ts']);

    folder.write('a.ts', 'a2'); // saved again, unchanged: reported with nothing else, it would come first
    folder.write('b.ts', 'b3');
    expect(await folder.nextReport()).toEqual(['b.ts']);
  });

  it('ignores files it does not watch, unless told to retry on any source file in the watched folders', async () => {
    const folder = watchFolder({ 'a.ts': 'a1', 'notes.md': '' }, ['a.ts']);

    folder.write('helper.ts', 'h1'); // not (yet) imported by anything the worker loaded
    folder.write('a.ts', 'a2');
    expect(await folder.nextReport()).toEqual(['a.ts']);

    watcher?.retryOnAnySource(true);
    folder.write('notes.md', 'not a module');
    folder.write('helper.ts', 'h2');
    expect(await folder.nextReport()).toEqual(['helper.ts']);
  });
});
