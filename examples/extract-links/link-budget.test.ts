import { describe, expect, it } from 'vitest';
import { linkBytes, linksWithin } from './link-budget';

describe('linkBytes', () => {
  it('is what the link adds to a JSON array: quotes, escapes, UTF-8 and a comma', () => {
    for (const link of ['https://a.test/x', 'https://a.test/"\\', 'https://é.test/ü', 'https://a.test/😀']) {
      expect(linkBytes(link)).toBe(Buffer.byteLength(JSON.stringify(link)) + 1);
    }
  });

  it('bounds a serialised list: the links of a list that fits take at most the sum, brackets included', () => {
    const links = ['https://a.test/1', 'https://a.test/é', 'https://a.test/"'];
    expect(Buffer.byteLength(JSON.stringify(links))).toBe(links.reduce((sum, link) => sum + linkBytes(link), 0) + 1);
  });
});

describe('linksWithin', () => {
  const links = Array.from({ length: 10 }, (_, i) => `https://a.test/${i}`); // 19 bytes each

  it('keeps every link when they fit', () => {
    expect(linksWithin(links, 10, 1000)).toEqual(links);
  });

  it('stops at maxCount', () => {
    expect(linksWithin(links, 4, 1000)).toEqual(links.slice(0, 4));
  });

  it('stops at the first link that would pass maxBytes', () => {
    expect(linksWithin(links, 10, 19 * 3 + 18)).toEqual(links.slice(0, 3));
    expect(linksWithin(links, 10, 19 * 3)).toEqual(links.slice(0, 3));
  });
});
