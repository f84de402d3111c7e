import http, { type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/**
 * A loopback web site standing in for the internet in tests: an article, pages that redirect
 * (also to private addresses, other schemes and URLs with credentials), oversized, slow and
 * failing pages, and tag-archive month pages for extract_links.
 */
export interface FixtureSite {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `127.0.0.1:<port>`: what `CONVEYOR_FETCH_ALLOW_HOSTS` lists for the site. */
  host: string;
  port: number;
  /** Requests received, by path: tests check that a refused URL was never asked for. */
  requests: string[];
  close(): Promise<void>;
}

export interface FixtureSiteOptions {
  /** The port to listen on (any free one when absent). */
  port?: number;
  /**
   * Archive month pages by `tag/yyyy/mm`, served at `/archive/tag/yyyy/mm` (404 otherwise): their
   * HTML, or a redirect (a Location, absolute or relative).
   */
  archive?: Record<string, string | { redirect: string }>;
}

/** Larger than any size limit the tests set, and than the default 2 MiB. */
export const OVERSIZED_BYTES = 3 * 1024 * 1024;

const PARAGRAPH =
  'Ada Lovelace met Charles Babbage in London in June 1833. Their correspondence about the Analytical Engine, held by the University of Oxford, is still read today; it describes how a machine could go beyond calculation.';

/** The article page: main content framed by boilerplate that readable text must leave out. */
export const ARTICLE_HTML = `<!doctype html>
<html><head><title>The Analytical Engine</title>
<style>body { color: red } .nav-secret {}</style>
<script>window.trackingSecret = 'script-text-must-not-appear';</script>
</head><body>
<nav class="site-nav"><a href="/">Home</a> <a href="/about">Navigation link text</a></nav>
<header><p>Site header banner</p></header>
<main><article>
<h1>The Analytical Engine</h1>
${Array.from({ length: 6 }, (_, i) => `<p>${PARAGRAPH} Paragraph ${i + 1}.</p>`).join('\n')}
</article></main>
<footer><p>Footer boilerplate: copyright and contact</p></footer>
</body></html>`;

/** A page with nothing a reader view would keep. */
const EMPTY_HTML = '<!doctype html><html><head><title>Nothing</title></head><body><nav><a href="/">Home</a></nav></body></html>';

export async function startFixtureSite(options: FixtureSiteOptions = {}): Promise<FixtureSite> {
  const requests: string[] = [];
  let origin = '';
  const server = http.createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    route(path, response, origin, options);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    host: `127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections(); // the slow pages hold theirs open
        server.close(() => resolve());
      }),
  };
}

function route(path: string, response: ServerResponse, origin: string, options: FixtureSiteOptions): void {
  const html = (body: string | Buffer, headers: http.OutgoingHttpHeaders = {}) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    response.end(body);
  };
  const redirect = (location: string, status = 302) => {
    response.writeHead(status, { location });
    response.end();
  };
  const archive = /^\/archive\/(.+)$/.exec(path);
  if (archive) {
    const page = options.archive?.[decodeURIComponent(archive[1]!)];
    if (page === undefined) {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<p>no such month</p>');
    } else if (typeof page === 'string') html(page);
    else redirect(page.redirect);
    return;
  }
  const chain = /^\/redirect\/chain\/(\d+)$/.exec(path);
  if (chain) {
    const left = Number(chain[1]);
    redirect(left === 0 ? '/article' : `/redirect/chain/${left - 1}`, 301);
    return;
  }
  switch (path) {
    case '/article':
      return html(ARTICLE_HTML);
    case '/article-latin1':
      response.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' });
      response.end(Buffer.from(ARTICLE_HTML.replace('Paragraph 1.', 'Paragraph 1, written in a café.'), 'latin1'));
      return;
    case '/article-gzip':
      return html(gzipSync(ARTICLE_HTML), { 'content-encoding': 'gzip' });
    case '/empty':
      return html(EMPTY_HTML);
    case '/json':
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"not":"html"}');
      return;
    case '/redirect/article':
      return redirect(`${origin}/article`);
    case '/redirect/relative':
      return redirect('article', 307);
    case '/redirect/loop':
      return redirect('/redirect/loop');
    case '/redirect/metadata':
      return redirect('http://169.254.169.254/latest/meta-data/');
    case '/redirect/private':
      return redirect('http://10.0.0.1/admin');
    case '/redirect/localhost':
      // The same server, under a name that resolves to loopback and is not in the allow list.
      return redirect(`http://localhost:${new URL(origin).port}/article`);
    case '/redirect/credentials':
      return redirect(`http://admin:hunter2@${new URL(origin).host}/article`);
    case '/redirect/file':
      return redirect('file:///etc/passwd');
    case '/redirect/nowhere':
      response.writeHead(302);
      response.end();
      return;
    case '/oversized':
      // Chunked, no Content-Length: only counting while reading catches it.
      return streamOversized(response, { 'content-type': 'text/html' });
    case '/oversized-declared':
      response.writeHead(200, { 'content-type': 'text/html', 'content-length': String(OVERSIZED_BYTES) });
      response.end(); // the declared length alone is enough to refuse; never sent
      return;
    case '/oversized-gzip':
      // A few KiB on the wire, megabytes once decompressed.
      return html(gzipSync(Buffer.alloc(OVERSIZED_BYTES, ' ')), { 'content-encoding': 'gzip' });
    case '/slow':
      // Headers at once, then the body never finishes: only the total timeout ends it.
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<html><body><p>starting');
      return;
    case '/slow-headers':
      return; // never answers
    case '/status/404':
    case '/status/429':
    case '/status/500':
    case '/status/503':
      response.writeHead(Number(path.slice('/status/'.length)), { 'content-type': 'text/html' });
      response.end('<p>status</p>');
      return;
    default:
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<p>not found</p>');
  }
}

function streamOversized(response: ServerResponse, headers: http.OutgoingHttpHeaders): void {
  response.writeHead(200, headers);
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
  const write = () => {
    while (sent < OVERSIZED_BYTES) {
      sent += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', write);
        return;
      }
    }
    response.end();
  };
  write();
}
