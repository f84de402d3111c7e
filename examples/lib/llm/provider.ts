/**
 * What the example tasks ask of a language model, behind one interface: an OpenAI-compatible
 * server (OpenAI, Ollama, vLLM, LM Studio) or the offline provider that needs no network.
 * Every answer says which provider and model produced it.
 */

/** The kinds of entity a provider names. */
export const ENTITY_TYPES = ['person', 'organization', 'place', 'date', 'other'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** The categories a page is classified into. */
export const CATEGORIES = ['technology', 'science', 'business', 'politics', 'health', 'sports', 'culture', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

/** The longest summary a provider returns, in characters (a longer answer is cut at a word). */
export const SUMMARY_MAX_CHARS = 1000;
/** The longest entity name a provider returns, in characters. */
export const ENTITY_NAME_MAX_CHARS = 100;

/** Who produced an answer: the provider (`offline`, `openai-compatible`) and its model. */
export interface ProducedBy {
  provider: string;
  model: string;
}

/** The readable text of a page, as the model sees it (already cut to the page-text budget). */
export interface PageText {
  title: string;
  text: string;
}

export interface Summary extends ProducedBy {
  text: string;
}

export interface Entity {
  name: string;
  type: EntityType;
}

export interface Entities extends ProducedBy {
  items: Entity[];
}

export interface Classification extends ProducedBy {
  category: Category;
  /** 0 to 1: how sure the provider is. */
  confidence: number;
}

export interface LlmProvider extends ProducedBy {
  summarize(page: PageText): Promise<Summary>;
  /** At most `max` entities, each with a type, in the order the page mentions them. */
  extractEntities(page: PageText, max: number): Promise<Entities>;
  classify(page: PageText): Promise<Classification>;
}
