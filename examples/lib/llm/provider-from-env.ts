import { ApplicationFailure } from '@temporalio/activity';
import { FailureType } from '../../failure-types';
import { offlineProvider } from './offline-provider';
import type * as OpenAiProvider from './openai-provider';
import type { LlmProvider } from './provider';
import { llmSettingsFrom } from './settings';

let cached: { env: string; provider: LlmProvider } | undefined;

/**
 * The OpenAI provider's module, loaded when a worker first uses it: the `openai` client is hundreds
 * of modules, which a worker on the offline provider (or serving no review task) never needs.
 */
function openAiProviderModule(): typeof OpenAiProvider {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return require('./openai-provider') as typeof OpenAiProvider;
}

/**
 * The worker's LLM provider, from its environment (see llmSettingsFrom), made once per set of
 * settings. Invalid settings fail the activity for good, naming the variable (never a key).
 */
export function providerFromEnv(env: NodeJS.ProcessEnv = process.env): LlmProvider {
  const fingerprint = JSON.stringify(Object.entries(env).filter(([name]) => name.startsWith('CONVEYOR_LLM_') || name.startsWith('OPENAI_')).sort());
  if (cached?.env === fingerprint) return cached.provider;
  let provider: LlmProvider;
  try {
    const settings = llmSettingsFrom(env);
    provider = settings.kind === 'offline' ? offlineProvider() : openAiProviderModule().openAiProvider(settings);
  } catch (error) {
    throw ApplicationFailure.create({ type: FailureType.LlmMisconfigured, message: (error as Error).message, nonRetryable: true });
  }
  cached = { env: fingerprint, provider };
  return provider;
}
