import { z } from 'zod';
import { CATEGORIES, ENTITY_TYPES } from './provider';

/**
 * The JSON a model must answer with, as zod schemas: sent as the JSON Schema of a
 * `json_schema` response format, and checked again on return (a server may not enforce it).
 * Lengths are not refused but clamped after the check (see limits.ts): a long name is cut, not a failure.
 */
export const entitiesOutput = z
  .object({
    entities: z.array(z.object({ name: z.string().trim().min(1), type: z.enum(ENTITY_TYPES) }).strict()),
  })
  .strict();

/** The entities response format for at most `max` entities (`maxItems`, which strict structured outputs accept). */
export function entitiesFormat(max: number) {
  return jsonSchemaFormat('entities', entitiesOutput.extend({ entities: entitiesOutput.shape.entities.max(max) }));
}

export const classificationOutput = z
  .object({
    category: z.enum(CATEGORIES),
    confidence: z.number().min(0).max(1),
  })
  .strict();

/** String bounds OpenAI's strict structured outputs do not accept; the zod check on return enforces them. */
const UNSUPPORTED_KEYWORDS = new Set(['minLength', 'maxLength']);

/** A `response_format` asking for JSON that fits `schema` (OpenAI's strict structured outputs). */
export function jsonSchemaFormat(name: string, schema: z.ZodType) {
  const jsonSchema: Record<string, unknown> = { ...z.toJSONSchema(schema) };
  delete jsonSchema.$schema; // the dialect URI is no schema keyword a server expects
  return { type: 'json_schema' as const, json_schema: { name, strict: true, schema: withoutUnsupported(jsonSchema) as Record<string, unknown> } };
}

function withoutUnsupported(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutUnsupported);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([key]) => !UNSUPPORTED_KEYWORDS.has(key)).map(([key, value]) => [key, withoutUnsupported(value)]));
}
