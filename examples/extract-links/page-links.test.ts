import { describe, expect, it } from 'vitest';
import { MAX_LINK_LENGTH } from './limits';
import { pageLinks } from './page-links';

const PAGE = 'https://archive.example/tag/tech/archive/2024/03';

describe('pageLinks', () => {
  it('lists the archive links once each, in page order, normalised, without navigation, header, footer or the page itself', async () => {
    const html = `<html><body>
      <header><a href="/signin">Sign in</a></header>
      <nav><a href="/tag/tech/archive/2024/02">February</a></nav>
      <main>
        <a href="/@ada/engine-1?source=tag_archive">Engine</a>
        <a href="https://other.example/post/#top">Other</a>
        <a href="/@ada/engine-1">Engine again</a>
        <a href="mailto:ada@example.org">Mail</a>
        <a href="${PAGE}">This month</a>
        <a href="relative-post">Relative</a>
        <a>No href</a>
      </main>
      <footer><a href="/about">About</a></footer>
    </body></html>`;

    expect(await pageLinks(html, PAGE)).toEqual({
      links: ['https://archive.example/@ada/engine-1', 'https://other.example/post', 'https://archive.example/tag/tech/archive/2024/relative-post'],
      droppedLong: 0,
    });
  });

  it('resolves relative links against <base href>', async () => {
    const html = '<html><head><base href="https://cdn.example/stories/"></head><body><a href="one">One</a></body></html>';
    expect((await pageLinks(html, PAGE)).links).toEqual(['https://cdn.example/stories/one']);
  });

  it('leaves out links longer than MAX_LINK_LENGTH once normalised, and counts each once', async () => {
    const atLimit = `https://archive.example/${'a'.repeat(MAX_LINK_LENGTH - 'https://archive.example/'.length)}`;
    const overLimit = `${atLimit}b`;
    // Tracking parameters are dropped before measuring: this one is short once normalised.
    const shortOnceNormalised = `https://archive.example/short?utm_source=${'u'.repeat(MAX_LINK_LENGTH)}`;
    const html = `<main>${[atLimit, overLimit, overLimit, `${overLimit}c`, shortOnceNormalised].map((href) => `<a href="${href}">x</a>`).join('')}</main>`;

    expect(await pageLinks(html, PAGE)).toEqual({ links: [atLimit, 'https://archive.example/short'], droppedLong: 2 });
  });

  it('lists every link of a page with very many, in page order', async () => {
    const html = `<main>${Array.from({ length: 5000 }, (_, i) => `<a href="/s/${i}">${i}</a>`).join('')}</main>`;
    const { links } = await pageLinks(html, PAGE);
    expect(links).toHaveLength(5000);
    expect(links.at(-1)).toBe('https://archive.example/s/4999');
  });
});
