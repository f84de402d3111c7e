import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config-error';

/** The file names Conveyor looks for in the working folder, in this order. */
export const CONFIG_FILE_NAMES = ['conveyor.config.ts', 'conveyor.config.mts', 'conveyor.config.cts', 'conveyor.config.js', 'conveyor.config.mjs', 'conveyor.config.cjs'];

/**
 * The application's config file: `--config <file>`, else CONVEYOR_CONFIG, else the first
 * `conveyor.config.*` in the working folder. Throws {@link ConfigError} naming where it looked.
 */
export function findConfigFile(options: FindConfigOptions): string {
  const file = configFileAtHand(options);
  if (file) return file;
  throw new ConfigError(
    `no conveyor.config.ts (or .js, .mjs) in ${options.cwd ?? process.cwd()}: run Conveyor in your application's folder, pass --config <file>, or set CONVEYOR_CONFIG`,
  );
}

export interface FindConfigOptions {
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * The config file named (`--config`, CONVEYOR_CONFIG: it must exist) or found in the working
 * folder; undefined when none is at hand, for commands that can ask the Task API instead.
 */
export function configFileAtHand(options: FindConfigOptions): string | undefined {
  const cwd = options.cwd ?? process.cwd();
  const given = options.flag ?? (options.env ?? process.env).CONVEYOR_CONFIG;
  const source = options.flag ? '--config' : 'CONVEYOR_CONFIG';
  if (given) {
    const file = path.resolve(cwd, given);
    if (!existsSync(file) || !statSync(file).isFile()) throw new ConfigError(`${source} is ${given}, which is not a file (looked for ${file})`);
    return file;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(cwd, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}
