import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sampleParameters } from './example-parameters';

describe('sampleParameters', () => {
  it('shows every default, and a placeholder of its type for each required field without one', () => {
    const schema = z.object({
      name: z.string(),
      size: z.number().int().min(3),
      mode: z.enum(['fast', 'exact']),
      retries: z.number().default(2),
      verbose: z.boolean().optional(),
      tags: z.array(z.string()),
      nested: z.object({ on: z.boolean() }),
    });

    expect(sampleParameters(z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>)).toEqual({
      name: 'string',
      size: 3,
      mode: 'fast',
      retries: 2,
      tags: [],
      nested: { on: false },
    });
  });
});
