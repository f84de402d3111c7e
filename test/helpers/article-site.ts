import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An article as a news site serves it: navigation, the story, a footer, a script. */
export const ARTICLE_HTML = `<!doctype html>
<html><head><title>Ada Lovelace and the first program</title><script>window.tracking = true;</script></head>
<body>
  <nav><a href="/">Home</a> <a href="/science">Science</a></nav>
  <article>
    <h1>Ada Lovelace and the first program</h1>
    <p>In 1843 Ada Lovelace published notes on the Analytical Engine designed by Charles Babbage in London.</p>
    <p>Her notes describe an algorithm to compute Bernoulli numbers, often called the first computer program. Historians at the University of Oxford have studied the notes for decades.</p>
    <p>The software community celebrates Ada Lovelace Day every October, and the programming language Ada is named after her.</p>
  </article>
  <footer>Copyright The Example News Company</footer>
</body></html>`;

/** A page with markup and nothing to read: a placeholder with a logo and a script. */
export const BLANK_HTML = '<!doctype html><html><head><title>Coming soon</title><script>var x = 1;</script></head><body><div><img src="/logo.png" alt=""></div></body></html>';

export interface ArticleSite {
  /** `127.0.0.1:<port>`, as CONVEYOR_FETCH_ALLOW_HOSTS lists it. */
  host: string;
  url(path: string): string;
  close(): Promise<void>;
}

/** How long `/slow` takes to answer with the article. */
export const SLOW_PAGE_MS = 4000;

/** A loopback site serving `/article`, `/blank` and `/slow` (the article, late), for tasks that fetch pages (listed in CONVEYOR_FETCH_ALLOW_HOSTS); on any free port unless given one. */
export async function startArticleSite(port = 0): Promise<ArticleSite> {
  const server = createServer((request, response) => {
    if (request.url === '/slow') {
      setTimeout(() => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE_HTML), SLOW_PAGE_MS).unref();
      return;
    }
    const html = request.url === '/article' ? ARTICLE_HTML : request.url === '/blank' ? BLANK_HTML : undefined;
    if (html === undefined) response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { host, url: (path) => `http://${host}${path}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
