import { extractiveSummary } from './offline/extractive-summary';
import { keywordClassification } from './offline/keyword-classification';
import { patternEntities } from './offline/pattern-entities';
import type { LlmProvider } from './provider';

export const OFFLINE = 'offline';
/** The offline provider's methods, as a model name: results say which version of them produced them. */
export const OFFLINE_MODEL = 'extractive-patterns-v1';

/**
 * The provider used when no LLM is configured: no network, no key, the same answer for the same
 * page every time. An extractive summary, entities found by patterns, a keyword classification.
 */
export function offlineProvider(): LlmProvider {
  const producedBy = { provider: OFFLINE, model: OFFLINE_MODEL };
  return {
    ...producedBy,
    summarize: async (page) => ({ text: extractiveSummary(page.text), ...producedBy }),
    extractEntities: async (page, max) => ({ items: patternEntities(`${page.title}. ${page.text}`, max), ...producedBy }),
    classify: async (page) => ({ ...keywordClassification(`${page.title} ${page.text}`), ...producedBy }),
  };
}
