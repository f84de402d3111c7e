import { Option } from 'commander';
import { createClient, type ConveyorClient } from '../client/create-client';
import type * as Config from '../config';
import type * as Log from '../log';
import { configFileAtHand } from '../project/find-config';
import type * as LoadProject from '../project/load-project';
import { apiClientSettings } from './api-client-settings';
import { UsageError } from './usage-error';

// The settings schema, the logger and the project loader are loaded by the commands that use them,
// not by every command that imports this module (see main.ts).

/** Settings and a logger for a command (logging to stdout unless told); settings errors surface as usage errors (exit 2). */
export function commandContext(component: string, logTo: 'stdout' | 'stderr' = 'stdout'): { settings: Config.Settings; log: Log.Logger } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand, see main.ts
  const { loadSettings } = require('../config') as typeof Config;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand, see main.ts
  const { createLogger } = require('../log') as typeof Log;
  const settings = loadSettings();
  return { settings, log: createLogger(component, settings.log, logTo) };
}

/** `--config <file>`, on every command that runs or describes the application's tasks. */
export function configOption(): Option {
  return new Option('--config <file>', "the application's config (default: CONVEYOR_CONFIG, else ./conveyor.config.ts, .js or .mjs)");
}

/** The application the command works on, from `--config`, CONVEYOR_CONFIG or the working folder. */
export function commandProject(options: { config?: string }): Promise<LoadProject.Project> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand, see main.ts
  const { loadProject } = require('../project/load-project') as typeof LoadProject;
  return loadProject({ configFlag: options.config });
}

/**
 * The application's project when a config is at hand (`--config`, CONVEYOR_CONFIG or one in the
 * working folder), else undefined: a client command then asks the Task API instead.
 */
export async function projectAtHand(options: { config?: string }): Promise<LoadProject.Project | undefined> {
  if (!configFileAtHand({ flag: options.config })) return undefined;
  return commandProject(options);
}

/** The Task API named by the settings (CONVEYOR_API_URL, CONVEYOR_API_KEY), through the typed client. */
export function taskApi(): ConveyorClient {
  const { url, key } = apiClientSettings();
  return createClient({ url, apiKey: key });
}

/** Parses a JSON option; a malformed value is a usage error naming the option. */
export function parseJsonOption(option: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new UsageError(`${option} is not valid JSON: ${(error as Error).message}`);
  }
}
