import { withinEntityLimits } from './limits';
import { leadingSummary } from './offline/leading-summary';
import { namedEntities } from './offline/named-entities';
import { topicClassification } from './offline/topic-classification';
import type { LlmProvider } from './provider';

export const OFFLINE = 'offline';
/** The offline provider's methods, as a model name: results say which version of them produced them. */
export const OFFLINE_MODEL = 'compromise-v1';

/**
 * The provider used when no LLM is configured: no network, no key, the same answer for the same
 * page every time. It reads the page with compromise (an NLP library: sentences, parts of speech,
 * people, places, organisations, dates): the leading sentences as summary, named entities, a
 * topic classification.
 */
export function offlineProvider(): LlmProvider {
  const producedBy = { provider: OFFLINE, model: OFFLINE_MODEL };
  return {
    ...producedBy,
    summarize: async (page) => ({ text: leadingSummary(page.text), ...producedBy }),
    extractEntities: async (page, max) => ({ items: withinEntityLimits(namedEntities(page.text, max), max), ...producedBy }),
    classify: async (page) => ({ ...topicClassification(page), ...producedBy }),
  };
}
