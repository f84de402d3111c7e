import type * as Config from '../config';

/** The settings a client command reads; every other one belongs to the stack. */
const CLIENT_SETTINGS = ['CONVEYOR_API_URL', 'CONVEYOR_API_KEY'];
/** Every setting loadSettings reads starts so, OpenTelemetry's standard ones included (api-client-settings.test.ts holds config.ts to it). */
const SETTING_NAME = /^(CONVEYOR|TEMPORAL|OTEL)_/;

/**
 * Where the Task API is and the key to send it (CONVEYOR_API_URL, CONVEYOR_API_KEY), exactly as
 * `loadSettings().apiClient` has them, for the commands that only talk to the Task API. When
 * CONVEYOR_API_URL is a plain http(s) URL and the environment holds no other Conveyor or Temporal
 * setting, there is nothing else to validate, and the schema library (zod, the largest part of a
 * client command's start) stays unloaded; anything else goes through loadSettings, which
 * validates every setting and names every mistake, as for any command.
 */
export function apiClientSettings(env: NodeJS.ProcessEnv = process.env): Config.Settings['apiClient'] {
  const url = env.CONVEYOR_API_URL;
  // An empty variable means "not set", as for loadSettings.
  const others = Object.keys(env).filter((name) => SETTING_NAME.test(name) && env[name] && !CLIENT_SETTINGS.includes(name));
  if (url && others.length === 0 && isPlainHttpUrl(url)) return { url: url.replace(/\/+$/, ''), key: env.CONVEYOR_API_KEY || undefined };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand, see main.ts
  const { loadSettings } = require('../config') as typeof Config;
  return loadSettings(env).apiClient;
}

/** An http(s) URL that the settings schema takes as it is: nothing to trim or drop, and a URL the parser reads. */
function isPlainHttpUrl(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value) && URL.canParse(value);
}
