import ms from 'ms';
import { parseAllowHosts, type AllowedHost } from './allow-hosts';

/** How pages are fetched: the example application reads these once, here, from the environment. */
export interface WebFetchSettings {
  /** `CONVEYOR_FETCH_ALLOW_HOSTS`: hosts fetched even though they resolve to non-public addresses. */
  allowHosts: AllowedHost[];
  /**
   * `CONVEYOR_FETCH_ONLY_ALLOWED_HOSTS`: fetch nothing but the hosts in `allowHosts` (an allowlist,
   * for a locked-down deployment, or a stack that must never reach the internet, such as CI's).
   */
  onlyAllowedHosts: boolean;
  /** `CONVEYOR_FETCH_CONNECT_TIMEOUT`: longest wait for one TCP (and TLS) connection. */
  connectTimeoutMs: number;
  /** `CONVEYOR_FETCH_TIMEOUT`: longest wait for a whole page, every redirect included. */
  totalTimeoutMs: number;
  /** `CONVEYOR_FETCH_MAX_BYTES`: largest body read, after decompression. */
  maxBytes: number;
  /** `CONVEYOR_FETCH_MAX_REDIRECTS`: redirects followed before giving up. */
  maxRedirects: number;
  /** `CONVEYOR_FETCH_TEXT_BUDGET`: characters of readable text kept (what reaches an LLM). */
  textBudget: number;
}

export const WEB_FETCH_DEFAULTS = {
  CONVEYOR_FETCH_ALLOW_HOSTS: '',
  CONVEYOR_FETCH_ONLY_ALLOWED_HOSTS: 'false',
  CONVEYOR_FETCH_CONNECT_TIMEOUT: '5s',
  CONVEYOR_FETCH_TIMEOUT: '20s',
  CONVEYOR_FETCH_MAX_BYTES: '2097152',
  CONVEYOR_FETCH_MAX_REDIRECTS: '5',
  CONVEYOR_FETCH_TEXT_BUDGET: '12000',
} as const;

/** Reads the settings from `env`; throws one Error listing every variable that is wrong. */
export function parseWebFetchSettings(env: NodeJS.ProcessEnv): WebFetchSettings {
  const problems: string[] = [];
  const read = <T>(name: keyof typeof WEB_FETCH_DEFAULTS, parse: (text: string) => T, fallback: T): T => {
    const text = env[name] ?? WEB_FETCH_DEFAULTS[name];
    try {
      return parse(text);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
      return fallback;
    }
  };
  const settings: WebFetchSettings = {
    allowHosts: read('CONVEYOR_FETCH_ALLOW_HOSTS', parseAllowHosts, []),
    onlyAllowedHosts: read('CONVEYOR_FETCH_ONLY_ALLOWED_HOSTS', boolean, false),
    connectTimeoutMs: read('CONVEYOR_FETCH_CONNECT_TIMEOUT', positiveDuration, 0),
    totalTimeoutMs: read('CONVEYOR_FETCH_TIMEOUT', positiveDuration, 0),
    maxBytes: read('CONVEYOR_FETCH_MAX_BYTES', (text) => integer(text, 1), 0),
    maxRedirects: read('CONVEYOR_FETCH_MAX_REDIRECTS', (text) => integer(text, 0), 0),
    textBudget: read('CONVEYOR_FETCH_TEXT_BUDGET', (text) => integer(text, 1), 0),
  };
  if (problems.length > 0) throw new Error(`invalid page-fetching settings: ${problems.join('; ')}`);
  return settings;
}

let current: WebFetchSettings | undefined;

/** The settings of this process, read from its environment on first use. */
export function webFetchSettings(): WebFetchSettings {
  current ??= parseWebFetchSettings(process.env);
  return current;
}

/** A duration as Conveyor reads them everywhere: a bare number is seconds, else `500ms`, `5s`, `1m`. */
function positiveDuration(text: string): number {
  const trimmed = text.trim();
  const parsed = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : ms(trimmed as ms.StringValue);
  if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed <= 0) throw new RangeError(`"${text}" is not a duration such as 5s or 1500ms`);
  return parsed;
}

function integer(text: string, min: number): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < min || !Number.isSafeInteger(Number(trimmed))) throw new RangeError(`"${text}" is not a whole number of at least ${min}`);
  return Number(trimmed);
}

function boolean(text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new Error(`${JSON.stringify(text)} is neither true nor false`);
}
