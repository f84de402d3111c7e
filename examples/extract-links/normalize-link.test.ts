import { describe, expect, it } from 'vitest';
import { normalizeLink } from './normalize-link';

const BASE = 'https://archive.example/tag/tech/archive/2024/03';

describe('normalizeLink', () => {
  it.each([
    ['/@ada/engine-123', 'https://archive.example/@ada/engine-123'],
    ['engine-123', 'https://archive.example/tag/tech/archive/2024/engine-123'],
    ['//other.example/post', 'https://other.example/post'],
    ['HTTPS://Other.EXAMPLE:443/Post', 'https://other.example/Post'],
    ['http://other.example:80/post', 'http://other.example/post'],
    ['https://other.example/post#comments', 'https://other.example/post'],
    ['https://other.example/post/', 'https://other.example/post'],
    ['https://other.example/', 'https://other.example/'],
    ['https://other.example', 'https://other.example/'],
    ['https://other.example/post?source=tag_archive---------0', 'https://other.example/post'],
    ['https://other.example/post?utm_source=x&utm_medium=y&id=7&fbclid=z', 'https://other.example/post?id=7'],
    ['https://user:secret@other.example/post', 'https://other.example/post'],
    ['  https://other.example/post  ', 'https://other.example/post'],
  ])('%s → %s', (href, expected) => {
    expect(normalizeLink(href, BASE)).toBe(expected);
  });

  it.each([['mailto:ada@example.org'], ['javascript:alert(1)'], ['ftp://files.example/x'], ['tel:+123'], ['http://[bad']])('drops %s', (href) => {
    expect(normalizeLink(href, BASE)).toBeUndefined();
  });
});
