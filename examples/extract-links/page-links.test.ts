import { describe, expect, it } from 'vitest';
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

    expect(await pageLinks(html, PAGE)).toEqual([
      'https://archive.example/@ada/engine-1',
      'https://other.example/post',
      'https://archive.example/tag/tech/archive/2024/relative-post',
    ]);
  });

  it('resolves relative links against <base href>', async () => {
    const html = '<html><head><base href="https://cdn.example/stories/"></head><body><a href="one">One</a></body></html>';
    expect(await pageLinks(html, PAGE)).toEqual(['https://cdn.example/stories/one']);
  });
});
