import { Option } from 'commander';
import { createClient, type ConveyorClient } from '../client/create-client';
import { loadSettings, type Settings } from '../config';
import { createLogger, type Logger } from '../log';
import { configFileAtHand } from '../project/find-config';
import { loadProject, type Project } from '../project/load-project';
import { UsageError } from './usage-error';

/** Settings and a logger for a command; settings errors surface as usage errors (exit 2). */
export function commandContext(component: string): { settings: Settings; log: Logger } {
  const settings = loadSettings();
  return { settings, log: createLogger(component, settings.log) };
}

/** `--config <file>`, on every command that runs or describes the application's tasks. */
export function configOption(): Option {
  return new Option('--config <file>', "the application's config (default: CONVEYOR_CONFIG, else ./conveyor.config.ts, .js or .mjs)");
}

/** The application the command works on, from `--config`, CONVEYOR_CONFIG or the working folder. */
export function commandProject(options: { config?: string }): Promise<Project> {
  return loadProject({ configFlag: options.config });
}

/**
 * The application's project when a config is at hand (`--config`, CONVEYOR_CONFIG or one in the
 * working folder), else undefined: a client command then asks the Task API instead.
 */
export async function projectAtHand(options: { config?: string }): Promise<Project | undefined> {
  if (!configFileAtHand({ flag: options.config })) return undefined;
  return loadProject({ configFlag: options.config });
}

/** The Task API named by the settings (CONVEYOR_API_URL, CONVEYOR_API_KEY), through the typed client. */
export function taskApi(): ConveyorClient {
  const { url, key } = loadSettings().apiClient;
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
