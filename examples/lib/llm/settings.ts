import { durationSetting } from '../duration-setting';

/** The model OpenAI's own API is asked when only an API key is given. */
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';

export type LlmSettings =
  | { kind: 'offline' }
  | {
      kind: 'openai-compatible';
      /** The server's base URL (`…/v1`); undefined for OpenAI's own. */
      baseURL: string | undefined;
      model: string;
      /** Sent as a Bearer key only; never logged, never in an error. */
      apiKey: string;
      /** How long one request may take. */
      timeoutMs: number;
    };

/** Ollama, vLLM and LM Studio take any key; the client needs one to send. */
const NO_KEY = 'no-key';

/**
 * The LLM the worker uses, from its environment. `CONVEYOR_LLM_PROVIDER` picks `offline` or
 * `openai` outright; left at `auto`, an OpenAI-compatible server is used as soon as one is
 * configured (`CONVEYOR_LLM_BASE_URL`, `CONVEYOR_LLM_MODEL`, `CONVEYOR_LLM_API_KEY`, or OpenAI's
 * own `OPENAI_BASE_URL`, `OPENAI_API_KEY`), else the offline provider. Throws naming the variable
 * that is wrong; the message never holds a key.
 */
export function llmSettingsFrom(env: NodeJS.ProcessEnv): LlmSettings {
  const choice = env.CONVEYOR_LLM_PROVIDER?.trim() || 'auto';
  if (!['auto', 'offline', 'openai'].includes(choice)) throw new Error(`CONVEYOR_LLM_PROVIDER=${JSON.stringify(choice)} is not one of auto, offline, openai`);
  const baseURL = env.CONVEYOR_LLM_BASE_URL?.trim() || env.OPENAI_BASE_URL?.trim() || undefined;
  const apiKey = env.CONVEYOR_LLM_API_KEY?.trim() || env.OPENAI_API_KEY?.trim() || undefined;
  const model = env.CONVEYOR_LLM_MODEL?.trim() || undefined;
  const configured = baseURL !== undefined || apiKey !== undefined || model !== undefined;
  if (choice === 'offline' || (choice === 'auto' && !configured)) return { kind: 'offline' };

  if (baseURL !== undefined && !isHttpUrl(baseURL)) throw new Error('CONVEYOR_LLM_BASE_URL (or OPENAI_BASE_URL) is not an http(s) URL');
  if (baseURL === undefined && apiKey === undefined) throw new Error("CONVEYOR_LLM_PROVIDER=openai needs CONVEYOR_LLM_API_KEY (or OPENAI_API_KEY) for OpenAI's API, or CONVEYOR_LLM_BASE_URL for another server");
  if (baseURL !== undefined && model === undefined) throw new Error(`CONVEYOR_LLM_MODEL is needed with CONVEYOR_LLM_BASE_URL (the model that server serves)`);
  return {
    kind: 'openai-compatible',
    baseURL,
    model: model ?? DEFAULT_OPENAI_MODEL,
    apiKey: apiKey ?? NO_KEY,
    timeoutMs: durationSetting(env, 'CONVEYOR_LLM_TIMEOUT', '60s'),
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
