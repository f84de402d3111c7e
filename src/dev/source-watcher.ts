import { createHash } from 'node:crypto';
import { watch, readFileSync, type FSWatcher } from 'node:fs';
import path from 'node:path';

/** Files a module graph can hold: what a save may add to it while a reload is failing. */
const SOURCE_FILE = /\.(?:[cm]?[jt]s|json)$/;

/** How long a burst of saves (an editor's write-then-rename, a formatter on save) is waited out. */
const SETTLE_MS = 150;

export interface SourceWatcher {
  /** Watches exactly these files from now on (the module graph the running worker loaded). */
  watch(files: readonly string[]): void;
  /**
   * While a reload is failing, a save of any source file in the watched folders counts too: the
   * fix may be in a file the broken version imports for the first time, which is not watched yet.
   */
  retryOnAnySource(on: boolean): void;
  close(): void;
}

/**
 * Watches the folders of the given files (a folder, not the file: editors that save by renaming
 * a new file over the old one would end a watch on the file) and calls `onChange` with the files
 * whose content changed, once a burst of events has settled. A save that leaves the content as
 * it was is not a change. Uses `fs.watch` without `recursive`: only the folders that hold a
 * watched file are watched, never `node_modules`.
 */
export function watchSources(onChange: (changed: string[]) => void, onError: (error: Error) => void): SourceWatcher {
  const known = new Map<string, string>(); // file -> hash of the content the running worker loaded
  const folders = new Map<string, FSWatcher>();
  const pending = new Set<string>();
  let anySource = false;
  let timer: NodeJS.Timeout | undefined;

  const settle = (): void => {
    timer = undefined;
    const changed: string[] = [];
    for (const file of pending) {
      const now = contentHash(file);
      if (known.get(file) === now) continue;
      if (known.has(file)) known.set(file, now);
      changed.push(file);
    }
    pending.clear();
    if (changed.length > 0) onChange(changed.sort());
  };

  const noticed = (folder: string, name: string | null): void => {
    if (!name) return;
    const file = path.join(folder, name);
    if (!known.has(file) && !(anySource && SOURCE_FILE.test(name))) return;
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(settle, SETTLE_MS);
  };

  return {
    watch(files) {
      const wanted = new Set(files);
      for (const file of known.keys()) if (!wanted.has(file)) known.delete(file);
      for (const file of wanted) if (!known.has(file)) known.set(file, contentHash(file));
      const wantedFolders = new Set(files.map((file) => path.dirname(file)));
      for (const [folder, watcher] of folders) {
        if (wantedFolders.has(folder)) continue;
        watcher.close();
        folders.delete(folder);
      }
      for (const folder of wantedFolders) {
        if (folders.has(folder)) continue;
        try {
          const watcher = watch(folder, (_event, name) => noticed(folder, name));
          watcher.on('error', onError);
          watcher.unref(); // the children keep `conveyor dev` alive, never the watch
          folders.set(folder, watcher);
        } catch (error) {
          onError(error as Error);
        }
      }
    },
    retryOnAnySource(on) {
      anySource = on;
    },
    close() {
      clearTimeout(timer);
      for (const watcher of folders.values()) watcher.close();
      folders.clear();
    },
  };
}

/** A hash of the file's content; a file that is gone has a hash of its own. */
function contentHash(file: string): string {
  try {
    return createHash('sha1').update(readFileSync(file)).digest('hex');
  } catch {
    return 'missing';
  }
}
