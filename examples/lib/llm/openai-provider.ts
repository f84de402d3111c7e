import OpenAI from 'openai';
import type { z } from 'zod';
import { llmFailure, malformedResponse, type FailureContext } from './llm-failure';
import { withinEntityLimits, withinSummaryLimit } from './limits';
import { pageMessage, systemMessage } from './page-prompt';
import { ENTITY_NAME_MAX_CHARS, ENTITY_TYPES, CATEGORIES, SUMMARY_MAX_CHARS, type Classification, type Entities, type LlmProvider, type PageText, type Summary } from './provider';
import { classificationOutput, entitiesFormat, entitiesOutput, jsonSchemaFormat } from './structured-outputs';

export const OPENAI_COMPATIBLE = 'openai-compatible';

export interface OpenAiProviderOptions {
  baseURL: string | undefined;
  model: string;
  apiKey: string;
  timeoutMs: number;
}

/** What a request sends: the instruction (system message), the page (user message), and the JSON asked for (if any). */
interface Ask {
  instruction: string;
  page: PageText;
  format?: ReturnType<typeof jsonSchemaFormat>;
}

/**
 * An OpenAI-compatible chat-completions server through the official `openai` client: OpenAI
 * itself, Ollama, vLLM, LM Studio. The instructions are the system message, with the notice that
 * the page is untrusted data; the page is the user message, delimited (see page-prompt). Entities
 * and classification ask for structured outputs (a JSON Schema in `response_format`: the fixed
 * categories and entity types, at most `max` entities) and are checked again with zod on return: a
 * category outside the fixed set is a malformed answer (LlmMalformedResponse), never mapped to
 * another. What has a length is clamped: the summary to SUMMARY_MAX_CHARS, the entities to `max`,
 * each name to ENTITY_NAME_MAX_CHARS. The client retries nothing (`maxRetries: 0`): the activity
 * retry policy does, honouring Retry-After (see llmFailure).
 */
export function openAiProvider(options: OpenAiProviderOptions): LlmProvider {
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, timeout: options.timeoutMs, maxRetries: 0, logLevel: 'off' });
  const context: FailureContext = { provider: OPENAI_COMPATIBLE, model: options.model, apiKey: options.apiKey };
  const producedBy = { provider: OPENAI_COMPATIBLE, model: options.model };

  async function complete(ask: Ask): Promise<string> {
    let completion: unknown;
    try {
      completion = await client.chat.completions.create({
        model: options.model,
        temperature: 0,
        messages: [
          { role: 'system', content: systemMessage(ask.instruction) },
          { role: 'user', content: pageMessage(ask.page) },
        ],
        ...(ask.format ? { response_format: ask.format } : {}),
      });
    } catch (error) {
      throw llmFailure(error, context);
    }
    const content = (completion as { choices?: { message?: { content?: unknown } }[] } | null)?.choices?.[0]?.message?.content;
    if (typeof content !== 'string' || content.trim() === '') throw malformedResponse(context, 'no message content in choices[0]');
    return content.trim();
  }

  async function completeJson<T>(ask: Ask & { format: ReturnType<typeof jsonSchemaFormat> }, schema: z.ZodType<T>): Promise<T> {
    const content = await complete(ask);
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      throw malformedResponse(context, `the ${ask.format.json_schema.name} content is not JSON`);
    }
    const checked = schema.safeParse(parsed);
    if (!checked.success) throw malformedResponse(context, `the ${ask.format.json_schema.name} JSON does not fit its schema: ${checked.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`);
    return checked.data;
  }

  return {
    ...producedBy,
    async summarize(page): Promise<Summary> {
      const text = await complete({
        instruction: `Summarise the web page in at most five sentences of plain prose (at most ${SUMMARY_MAX_CHARS} characters), in its own language. Answer with the summary only.`,
        page,
      });
      return { text: withinSummaryLimit(text), ...producedBy };
    },
    async extractEntities(page, max): Promise<Entities> {
      const { entities } = await completeJson(
        {
          instruction: `List the named entities of the web page (people, organizations, places, dates), most important first, at most ${max}, each name at most ${ENTITY_NAME_MAX_CHARS} characters. Type each as one of ${ENTITY_TYPES.join(', ')}.`,
          page,
          format: entitiesFormat(max),
        },
        entitiesOutput,
      );
      return { items: withinEntityLimits(entities, max), ...producedBy };
    },
    async classify(page): Promise<Classification> {
      const answer = await completeJson(
        {
          instruction: `Classify the web page into one category of ${CATEGORIES.join(', ')}, with your confidence from 0 to 1.`,
          page,
          format: jsonSchemaFormat('classification', classificationOutput),
        },
        classificationOutput,
      );
      return { ...answer, ...producedBy };
    },
  };
}
