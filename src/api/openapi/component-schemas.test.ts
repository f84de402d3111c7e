import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ComponentSchemas } from './component-schemas';

interface Folder {
  name: string;
  folders: Folder[];
}
const folder: z.ZodType<Folder> = z.lazy(() => z.object({ name: z.string(), folders: z.array(folder) }));

describe('ComponentSchemas', () => {
  it('turns a recursive schema into components that reference each other, since a component cannot hold definitions', () => {
    const components = new ComponentSchemas();
    const added = components.addZod('tree.Parameters', z.object({ root: folder }));

    expect(added).toEqual({ $ref: '#/components/schemas/tree.Parameters' });
    const text = JSON.stringify(components.schemas);
    expect(text).not.toContain('definitions');
    const references = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]!);
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(Object.keys(components.schemas)).toContain(reference.replace('#/components/schemas/', ''));
  });

  it('names a part that would clash with a component already there apart from it', () => {
    const components = new ComponentSchemas({ 'a_b.Parameters': { type: 'object' } });

    expect(components.freeName(['a:b'], ['Parameters', 'Result'])).toBe('a_b_2');
    expect(components.freeName(['c:d'], ['Parameters', 'Result'])).toBe('c_d');
  });
});
