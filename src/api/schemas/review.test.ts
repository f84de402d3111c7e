import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { reviewRequest } from './review';

/** The pattern the document declares for a field of the review body. */
function declaredPattern(field: 'reviewer' | 'summary'): RegExp {
  const schema = z.toJSONSchema(reviewRequest, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, { pattern?: string }> };
  return new RegExp(schema.properties[field]?.pattern ?? '(?:)');
}

describe("the review body's reviewer and summary, read trimmed", () => {
  it.each(['reviewer', 'summary'] as const)('declares that %s may not be blank, as the server refuses it, and takes what has a character left', (field) => {
    const pattern = declaredPattern(field);
    for (const blank of [' ', '\t\n', '\u3000', '\ufeff ']) {
      expect(pattern.test(blank), JSON.stringify(blank)).toBe(false);
      expect(reviewRequest.safeParse({ decision: 'approve', [field]: blank }).success, JSON.stringify(blank)).toBe(false);
    }
    for (const text of ['Ada', ' Ada ', '\u001c']) {
      expect(pattern.test(text), JSON.stringify(text)).toBe(true);
      expect(reviewRequest.safeParse({ decision: 'approve', [field]: text }).success, JSON.stringify(text)).toBe(true);
    }
  });
});
