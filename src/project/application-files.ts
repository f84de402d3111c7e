import path from 'node:path';
import { loadedModuleFiles } from './import-module';

/** Conveyor's own modules (`src/` run from source, `dist/` once built): never the application's. */
const PLATFORM_DIR = path.join(__dirname, '..') + path.sep;

/**
 * The application's own source files this process has loaded (config, task definitions,
 * workflows, activities and whatever they import), without packages and without Conveyor itself.
 * After {@link loadProject} that is the module graph a change to the application can touch.
 */
export function applicationFiles(): string[] {
  return loadedModuleFiles()
    .filter((file) => path.isAbsolute(file) && !file.startsWith(PLATFORM_DIR) && !file.split(path.sep).includes('node_modules'))
    .sort();
}
