import { log } from '@temporalio/activity';
import type { Classification, Entities, LlmProvider, PageText, Summary } from '../lib/llm/provider';
import { providerFromEnv } from '../lib/llm/provider-from-env';

/** web_page_review's LLM steps over a provider (tests pass their own; workers, the one their environment configures). */
export function createPageReviewActivities(provider: () => LlmProvider) {
  const using = (step: string): LlmProvider => {
    const chosen = provider();
    log.info(`${step} with ${chosen.provider}`, { provider: chosen.provider, model: chosen.model });
    return chosen;
  };
  return {
    async summarizePage(page: PageText): Promise<Summary> {
      return using('summarising').summarize(page);
    },
    async extractPageEntities(input: PageText & { max: number }): Promise<Entities> {
      return using('extracting entities').extractEntities(input, input.max);
    },
    async classifyPage(page: PageText): Promise<Classification> {
      return using('classifying').classify(page);
    },
  };
}

/** The activities the example workers register: the provider from this process's environment. */
export const { summarizePage, extractPageEntities, classifyPage } = createPageReviewActivities(() => providerFromEnv());
