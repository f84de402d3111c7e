import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as TsxCjs from 'tsx/cjs/api';
import type * as TsxEsm from 'tsx/esm/api';
import { mapOwnSourcesOnly } from './source-maps';

/**
 * Loads one of the application's modules, TypeScript or JavaScript, without a build step:
 * `.mjs`/`.mts` as ES modules, everything else through `require`, with tsx compiling TypeScript
 * on the fly (the same loader `npm start` uses in Conveyor's own repository). The ES module loader
 * (a thread of its own on Node 20) is started only for an application that needs it.
 */
export async function importAppModule(file: string): Promise<Record<string, unknown>> {
  if (/\.m[jt]s$/.test(file)) {
    await enableTypeScriptImport();
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  }
  enableTypeScriptRequire();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the application's module, found at run time
  return require(file) as Record<string, unknown>;
}

/** Resolves a module path as `require` would (a folder to its index, a path without extension to its `.ts` or `.js`). */
export function resolveAppModule(file: string): string | undefined {
  enableTypeScriptRequire();
  try {
    return require.resolve(file);
  } catch {
    return undefined;
  }
}

let esmLoader: Promise<void> | undefined;
/** Files loaded through the ES module loader (`require.cache` lists only CommonJS ones). */
const importedFiles = new Set<string>();

/** Every file this process loaded as a module, CommonJS or ES: what `conveyor dev` watches, once filtered. */
export function loadedModuleFiles(): string[] {
  return [...new Set([...Object.keys(require.cache), ...importedFiles])];
}

/**
 * Lets `import()` load TypeScript, once per process: one loader for every module, so the config
 * and the workflows module it imports are the same module instances (tsx's `tsImport` would give
 * each call a namespace of its own).
 */
function enableTypeScriptImport(): Promise<void> {
  esmLoader ??= (async () => {
    // The ES module build: the CommonJS build of tsx's ESM API cannot register its loader on Node 20.
    const { register } = (await import('tsx/esm/api')) as typeof TsxEsm;
    register({
      onImport: (url) => {
        if (url.startsWith('file:')) importedFiles.add(fileURLToPath(url));
      },
    });
    mapOwnSourcesOnly();
  })();
  return esmLoader;
}

/** Lets `require` load TypeScript, once per process (under `--require tsx/cjs` it already can). */
function enableTypeScriptRequire(): void {
  if (require.extensions['.ts']) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const { register } = require('tsx/cjs/api') as typeof TsxCjs;
  register();
  mapOwnSourcesOnly();
}
