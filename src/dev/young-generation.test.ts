import { describe, expect, it } from 'vitest';
import { youngGenerationFlags } from './young-generation';

describe('youngGenerationFlags', () => {
  it('caps the semi-spaces at 4 MB when nothing else says', () => {
    expect(youngGenerationFlags(['--require', 'tsx/cjs'], undefined)).toEqual(['--max-semi-space-size=4']);
    expect(youngGenerationFlags([], '--enable-source-maps')).toEqual(['--max-semi-space-size=4']);
  });

  it("keeps the developer's own size, as a Node flag or in NODE_OPTIONS, in either spelling", () => {
    expect(youngGenerationFlags(['--max-semi-space-size=32'], undefined)).toEqual([]);
    expect(youngGenerationFlags([], '--enable-source-maps --max_semi_space_size=64')).toEqual([]);
  });
});
