import { ApplicationFailure } from '@temporalio/common';
import type { LookupAddress } from 'node:dns';
import https from 'node:https';
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebFetchActivities, type ReadablePage } from './activities';
import { WebFetchFailureType } from './failure-types';
import type { ResolveHost } from './resolve-host';
import { parseWebFetchSettings } from './settings';
import { ARTICLE_HTML, startFixtureSite, type FixtureSite } from './testing/fixture-site';
import { SELF_SIGNED_CERT, SELF_SIGNED_KEY } from './testing/self-signed';
import type { UnreachableLog } from './unreachable';

/** fetchReadablePage against the loopback fixture site, through real sockets; DNS is a stand-in where a test names a host. */
describe('fetchReadablePage', () => {
  let site: FixtureSite;
  beforeAll(async () => {
    site = await startFixtureSite();
  });
  afterAll(() => site.close());

  /** What the activity logged about unreachable hosts (the reason the task's failure does not tell), since the test began. */
  const logged: Record<string, unknown>[] = [];
  const log: UnreachableLog = (_message, meta) => logged.push(meta);
  beforeEach(() => {
    logged.length = 0;
  });

  /** The activity with the site allowed (unless `allow` says otherwise) and tight limits. */
  function activity(env: Record<string, string> = {}, resolve?: ResolveHost) {
    const settings = parseWebFetchSettings({
      CONVEYOR_FETCH_ALLOW_HOSTS: site.host,
      CONVEYOR_FETCH_MAX_BYTES: String(256 * 1024),
      CONVEYOR_FETCH_TIMEOUT: '2s',
      CONVEYOR_FETCH_CONNECT_TIMEOUT: '1s',
      ...env,
    });
    return createWebFetchActivities(() => ({ settings, log, ...(resolve ? { resolve } : {}) })).fetchReadablePage;
  }

  /** The failure `url` ends with. */
  async function failure(url: string, env: Record<string, string> = {}, resolve?: ResolveHost): Promise<ApplicationFailure> {
    const error: unknown = await activity(env, resolve)({ url }).then(
      (page) => page,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    return error as ApplicationFailure;
  }

  /** A resolver answering from a table, the way DNS would (nothing leaves the machine). */
  const dns =
    (table: Record<string, string[]>): ResolveHost =>
    async (hostname) => {
      const addresses = table[hostname];
      if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
    };

  describe('reads the main content', () => {
    it('of an article: title and paragraphs, without scripts, styles, navigation, header or footer', async () => {
      const page = await activity()({ url: `${site.origin}/article` });

      expect(page.url).toBe(`${site.origin}/article`);
      expect(page.title).toBe('The Analytical Engine');
      expect(page.text).toContain('Ada Lovelace met Charles Babbage in London in June 1833.');
      expect(page.text).toContain('Paragraph 6.');
      expect(page.text.split('\n\n').length).toBeGreaterThanOrEqual(6); // one block per paragraph
      for (const boilerplate of ['script-text-must-not-appear', 'color: red', 'Navigation link text', 'Site header banner', 'Footer boilerplate']) {
        expect(page.text).not.toContain(boilerplate);
      }
      expect(page.truncated).toBe(false);
    });

    it('cut to maxChars at a word boundary, and says so', async () => {
      const page = await activity()({ url: `${site.origin}/article`, maxChars: 100 });

      expect(page.text.length).toBeLessThanOrEqual(100);
      expect(page.text.length).toBeGreaterThan(80);
      expect('Ada Lovelace met Charles Babbage in London in June 1833. Their correspondence about the Analytical Engine'.startsWith(page.text)).toBe(true);
      expect(page.truncated).toBe(true);
    });

    it('cut to CONVEYOR_FETCH_TEXT_BUDGET when the input names no maxChars', async () => {
      const page = await activity({ CONVEYOR_FETCH_TEXT_BUDGET: '50' })({ url: `${site.origin}/article` });

      expect(page.text.length).toBeLessThanOrEqual(50);
      expect(page.truncated).toBe(true);
    });

    it('decoded in the charset the Content-Type names', async () => {
      const page = await activity()({ url: `${site.origin}/article-latin1` });
      expect(page.text).toContain('Paragraph 1, written in a café.');
    });

    it('decompressed when the server gzips it', async () => {
      const page = await activity()({ url: `${site.origin}/article-gzip` });
      expect(page.text).toContain('Paragraph 6.');
    });

    it('a page with no readable content fails with a non-retryable NoReadableText', async () => {
      expect(await failure(`${site.origin}/empty`)).toMatchObject({ type: WebFetchFailureType.NoReadableText, nonRetryable: true });
    });
  });

  describe('redirects', () => {
    it('followed, and the final URL reported', async () => {
      const page: ReadablePage = await activity()({ url: `${site.origin}/redirect/article` });
      expect(page.url).toBe(`${site.origin}/article`);
    });

    it('a relative Location resolved against the redirecting URL', async () => {
      expect((await activity()({ url: `${site.origin}/redirect/relative` })).url).toBe(`${site.origin}/article`);
    });

    it('up to CONVEYOR_FETCH_MAX_REDIRECTS', async () => {
      expect((await activity({ CONVEYOR_FETCH_MAX_REDIRECTS: '3' })({ url: `${site.origin}/redirect/chain/2` })).url).toBe(`${site.origin}/article`);
    });

    it('one more than CONVEYOR_FETCH_MAX_REDIRECTS fails with a non-retryable TooManyRedirects', async () => {
      expect(await failure(`${site.origin}/redirect/chain/3`, { CONVEYOR_FETCH_MAX_REDIRECTS: '3' })).toMatchObject({
        type: WebFetchFailureType.TooManyRedirects,
        nonRetryable: true,
      });
    });

    it('a redirect loop fails with TooManyRedirects', async () => {
      expect(await failure(`${site.origin}/redirect/loop`)).toMatchObject({ type: WebFetchFailureType.TooManyRedirects, nonRetryable: true });
    });

    it('a redirect without a Location fails with TooManyRedirects', async () => {
      expect(await failure(`${site.origin}/redirect/nowhere`)).toMatchObject({ type: WebFetchFailureType.TooManyRedirects });
    });
  });

  describe('refused or unreachable: one non-retryable Unreachable, the reason only in the log', () => {
    /**
     * The failure of `url`, checked to be the one shape every refusal and unreachable host share
     * (naming `at`, the hop refused, which is `url` unless a redirect led there); answers what
     * was logged about it.
     */
    const unreachable = async (url: string, options: { at?: string; env?: Record<string, string>; resolve?: ResolveHost } = {}) => {
      const at = new URL(options.at ?? url).href;
      const error = await failure(url, options.env, options.resolve);
      expect(error).toMatchObject({ type: WebFetchFailureType.Unreachable, nonRetryable: true, message: `could not fetch ${at}: the address is not reachable or not allowed` });
      expect(error.details).toEqual([{ url: at }]);
      expect(logged).toHaveLength(1);
      return logged[0]!;
    };

    it.each([
      ['loopback IPv4', 'http://127.0.0.1/', 'loopback'],
      ['loopback IPv6', 'http://[::1]/', 'loopback'],
      ['private 10/8', 'http://10.1.2.3/', 'private'],
      ['private 172.16/12', 'http://172.16.5.4/', 'private'],
      ['private 192.168/16', 'http://192.168.1.1/', 'private'],
      ['link-local IPv4', 'http://169.254.10.20/', 'linkLocal'],
      ['link-local IPv6', 'http://[fe80::1]/', 'linkLocal'],
      ['unique-local IPv6', 'http://[fd12:3456::1]/', 'uniqueLocal'],
      ['cloud metadata 169.254.169.254', 'http://169.254.169.254/latest/meta-data/', 'linkLocal'],
      ['cloud metadata fd00:ec2::254', 'http://[fd00:ec2::254]/latest/meta-data/', 'uniqueLocal'],
      ['cloud metadata 100.100.100.200 (carrier-grade NAT)', 'http://100.100.100.200/latest/meta-data/', 'carrierGradeNat'],
      ['unspecified 0.0.0.0', 'http://0.0.0.0/', 'unspecified'],
      ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/', 'loopback'],
      ['IPv4-mapped IPv6 metadata', 'http://[::ffff:169.254.169.254]/', 'linkLocal'],
      ['IPv4-compatible IPv6 loopback', 'http://[::127.0.0.1]/', 'ipv4Compatible'],
      ['IPv4-compatible IPv6 private', 'http://[::10.0.0.1]/', 'ipv4Compatible'],
      ['NAT64-embedded loopback', 'http://[64:ff9b::7f00:1]/', 'rfc6052'],
      ['6to4-embedded private', 'http://[2002:a00:1::1]/', '6to4'],
      ['loopback written in decimal', 'http://2130706433/', 'loopback'],
      ['loopback written short', 'http://127.1/', 'loopback'],
    ])('an IP literal: %s', async (_name, url, range) => {
      expect(await unreachable(url)).toMatchObject({ reason: 'address', range });
    });

    it('a name resolving to loopback (localhost), judged on the resolved address', async () => {
      expect(await unreachable('http://localhost/article')).toMatchObject({ reason: 'address', host: 'localhost', range: 'loopback' });
    });

    it.each([
      ['private IPv4', ['10.0.0.5'], 'private'],
      ['unique-local IPv6', ['fd00::5'], 'uniqueLocal'],
      ['IPv4-mapped IPv6 private', ['::ffff:192.168.0.1'], 'private'],
      ['IPv4-compatible IPv6 written with a dotted tail', ['::8.8.8.8'], 'ipv4Compatible'],
      ['cloud metadata', ['169.254.169.254'], 'linkLocal'],
      ['one public and one private answer (every answer is judged)', ['93.184.216.34', '2606:2800::1', '10.0.0.5'], 'private'],
      ['one public IPv4 and one loopback IPv6 answer', ['93.184.216.34', '::1'], 'loopback'],
    ])('a name resolving to %s', async (_name, addresses, range) => {
      expect(await unreachable('http://evil.example/page', { resolve: dns({ 'evil.example': addresses }) })).toMatchObject({ reason: 'address', host: 'evil.example', range });
    });

    it('a redirect to the cloud metadata address, named as the redirect target', async () => {
      const before = site.requests.length;
      const logEntry = await unreachable(`${site.origin}/redirect/metadata`, { at: 'http://169.254.169.254/latest/meta-data/' });
      expect(logEntry).toMatchObject({ reason: 'address', address: '169.254.169.254' });
      expect(site.requests.slice(before)).toEqual(['/redirect/metadata']);
    });

    it('a redirect to a private address', async () => {
      expect(await unreachable(`${site.origin}/redirect/private`, { at: 'http://10.0.0.1/admin' })).toMatchObject({ reason: 'address', range: 'private' });
    });

    it('a redirect from the allowed host to the same server under another name (localhost)', async () => {
      const before = site.requests.length;
      await unreachable(`${site.origin}/redirect/localhost`, { at: `http://localhost:${site.port}/article` });
      expect(site.requests.slice(before)).toEqual(['/redirect/localhost']); // /article was never asked for
    });

    it('the fixture site itself once it is not in CONVEYOR_FETCH_ALLOW_HOSTS', async () => {
      expect(await unreachable(`${site.origin}/article`, { env: { CONVEYOR_FETCH_ALLOW_HOSTS: '' } })).toMatchObject({ reason: 'port' });
    });

    it('an unknown host', async () => {
      expect(await unreachable('http://nowhere.example/', { resolve: dns({}) })).toMatchObject({ reason: 'dns', host: 'nowhere.example', code: 'ENOTFOUND' });
    });

    it('a resolver that fails (not retried either)', async () => {
      const failing: ResolveHost = async () => {
        throw Object.assign(new Error('queryA ETIMEOUT'), { code: 'ETIMEOUT' });
      };
      expect(await unreachable('http://slow-dns.example/', { resolve: failing })).toMatchObject({ reason: 'dns', code: 'ETIMEOUT' });
    });

    it('an allowed host whose port refuses the connection (not retried either)', async () => {
      const closed = await startFixtureSite();
      await closed.close();
      expect(await unreachable(`${closed.origin}/article`, { env: { CONVEYOR_FETCH_ALLOW_HOSTS: closed.host } })).toMatchObject({ reason: 'connect', code: 'ECONNREFUSED' });
    });

    it('every reason fails alike: a refused address, a refused port, an unlisted host, an unknown name and a closed port differ only in the URL named', async () => {
      const closed = await startFixtureSite();
      await closed.close();
      const cases: [string, Record<string, string>?, ResolveHost?][] = [
        ['http://10.0.0.1/'],
        ['http://93.184.216.34:22/'],
        ['http://93.184.216.34/', { CONVEYOR_FETCH_ONLY_ALLOWED_HOSTS: 'true' }],
        ['http://nowhere.example/', {}, dns({})],
        [`${closed.origin}/`, { CONVEYOR_FETCH_ALLOW_HOSTS: closed.host }],
      ];
      const seen: unknown[] = [];
      const reasons: unknown[] = [];
      for (const [url, env, resolve] of cases) {
        logged.length = 0;
        const error = await failure(url, env, resolve);
        seen.push({ type: error.type, nonRetryable: error.nonRetryable, message: error.message.replace(url, '<url>'), details: JSON.stringify(error.details).replace(url, '<url>') });
        reasons.push(logged[0]?.reason);
      }
      expect(new Set(seen.map((s) => JSON.stringify(s))).size).toBe(1);
      expect(reasons).toEqual(['address', 'port', 'not-listed', 'dns', 'connect']);
    });
  });

  describe('ports: 80 and 443 only, unless the host is in CONVEYOR_FETCH_ALLOW_HOSTS', () => {
    /** A resolver that records each name asked and knows none: a URL that reaches it passed the port check. */
    const recording = (asked: string[]): ResolveHost => async (hostname) => {
      asked.push(hostname);
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    };

    it.each([['http://news.example:8080/'], ['https://news.example:8443/'], ['http://news.example:22/'], ['http://93.184.216.34:6379/']])('refuses %s before asking DNS', async (url) => {
      const asked: string[] = [];
      const error = await failure(url, {}, recording(asked));
      expect(error).toMatchObject({ type: WebFetchFailureType.Unreachable, nonRetryable: true });
      expect(logged[0]).toMatchObject({ reason: 'port', port: Number(new URL(url).port) });
      expect(asked).toEqual([]);
    });

    it.each([['http://news.example/'], ['http://news.example:80/'], ['https://news.example/'], ['https://news.example:443/'], ['http://news.example:443/']])('lets %s past the port check (on to DNS)', async (url) => {
      const asked: string[] = [];
      await failure(url, {}, recording(asked));
      expect(asked).toEqual(['news.example']);
      expect(logged[0]).toMatchObject({ reason: 'dns' });
    });

    it('a host listed without a port is fetched on any port', async () => {
      expect((await activity({ CONVEYOR_FETCH_ALLOW_HOSTS: '127.0.0.1' })({ url: `${site.origin}/article` })).title).toBe('The Analytical Engine');
    });

    it('a host listed with a port is refused on another port', async () => {
      const other = await startFixtureSite();
      try {
        expect(await failure(`${other.origin}/article`)).toMatchObject({ type: WebFetchFailureType.Unreachable });
        expect(logged[0]).toMatchObject({ reason: 'port', port: other.port });
        expect(other.requests).toEqual([]);
      } finally {
        await other.close();
      }
    });
  });

  describe('refused URLs (non-retryable UrlRefused, nothing requested)', () => {
    const refused = async (url: string) => {
      const error = await failure(url);
      expect(error).toMatchObject({ type: WebFetchFailureType.UrlRefused, nonRetryable: true });
      return error;
    };

    it.each([['file:///etc/passwd'], ['ftp://example.com/file'], ['gopher://127.0.0.1:70/'], ['data:text/html,<p>hi</p>'], ['not a url']])('a URL that is not http(s): %s', async (url) => {
      expect(await failure(url)).toMatchObject({ type: WebFetchFailureType.UrlRefused, nonRetryable: true });
    });

    it('a redirect to another scheme', async () => {
      expect(await failure(`${site.origin}/redirect/file`)).toMatchObject({ type: WebFetchFailureType.UrlRefused, nonRetryable: true });
    });

    it('a URL with credentials, named without them', async () => {
      const error = await refused(`http://admin:hunter2@${site.host}/article`);
      expect(JSON.stringify([error.message, error.details])).not.toMatch(/hunter2|admin/);
    });

    it('a redirect to a URL with credentials, named without them', async () => {
      const error = await refused(`${site.origin}/redirect/credentials`);
      expect(JSON.stringify([error.message, error.details])).not.toMatch(/hunter2|admin/);
    });
  });

  describe('CONVEYOR_FETCH_ONLY_ALLOWED_HOSTS: nothing but the listed hosts', () => {
    const only = { CONVEYOR_FETCH_ONLY_ALLOWED_HOSTS: 'true' };

    it('refuses a public host before asking DNS for it', async () => {
      const asked: string[] = [];
      const resolve: ResolveHost = async (hostname) => (asked.push(hostname), [{ address: '93.184.215.14', family: 4 }]);
      const error = await failure('https://news.example/article', only, resolve);
      expect(error).toMatchObject({ type: WebFetchFailureType.Unreachable, nonRetryable: true });
      expect(logged[0]).toMatchObject({ reason: 'not-listed', host: 'news.example' });
      expect(asked).toEqual([]);
    });

    it('refuses a public IP literal', async () => {
      expect(await failure('http://93.184.215.14/', only)).toMatchObject({ type: WebFetchFailureType.Unreachable });
      expect(logged[0]).toMatchObject({ reason: 'not-listed' });
    });

    it('refuses a redirect off the list (the same server under a name that is not listed)', async () => {
      expect(await failure(`${site.origin}/redirect/localhost`, only)).toMatchObject({ type: WebFetchFailureType.Unreachable });
      expect(logged[0]).toMatchObject({ reason: 'not-listed', host: `localhost:${site.port}` });
    });

    it('still fetches a listed host', async () => {
      expect((await activity(only)({ url: `${site.origin}/article` })).title).not.toBe('');
    });
  });

  describe('an allowed host is connected to at the address that was checked', () => {
    it('a listed name connects to the address its resolver gave, never resolving twice', async () => {
      let resolutions = 0;
      const resolve: ResolveHost = async (hostname) => {
        resolutions++;
        return dns({ 'fixture.test': ['127.0.0.1'] })(hostname);
      };
      const page = await activity({ CONVEYOR_FETCH_ALLOW_HOSTS: `fixture.test:${site.port}` }, resolve)({ url: `http://fixture.test:${site.port}/article` });
      expect(page.title).toBe('The Analytical Engine');
      expect(resolutions).toBe(1);
    });
  });

  describe('limits', () => {
    it('a body beyond CONVEYOR_FETCH_MAX_BYTES without Content-Length fails with a non-retryable TooLarge', async () => {
      expect(await failure(`${site.origin}/oversized`)).toMatchObject({ type: WebFetchFailureType.TooLarge, nonRetryable: true });
    });

    it('a declared Content-Length beyond the limit fails with TooLarge', async () => {
      expect(await failure(`${site.origin}/oversized-declared`)).toMatchObject({ type: WebFetchFailureType.TooLarge });
    });

    it('a small gzip body that decompresses beyond the limit fails with TooLarge', async () => {
      expect(await failure(`${site.origin}/oversized-gzip`)).toMatchObject({ type: WebFetchFailureType.TooLarge });
    });

    it('a page whose body never finishes fails with a retryable FetchTimeout', async () => {
      expect(await failure(`${site.origin}/slow`, { CONVEYOR_FETCH_TIMEOUT: '500ms' })).toMatchObject({ type: WebFetchFailureType.FetchTimeout, nonRetryable: false });
    });

    it('a server that never answers fails with a retryable FetchTimeout', async () => {
      expect(await failure(`${site.origin}/slow-headers`, { CONVEYOR_FETCH_TIMEOUT: '500ms' })).toMatchObject({ type: WebFetchFailureType.FetchTimeout, nonRetryable: false });
    });

    it('a TLS handshake that never completes fails with a retryable FetchTimeout naming the connection', async () => {
      // Accepts TCP and then says nothing: a TLS handshake never completes.
      const silent = net.createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as net.AddressInfo;
      try {
        const error = await failure(`https://127.0.0.1:${port}/`, { CONVEYOR_FETCH_ALLOW_HOSTS: `127.0.0.1:${port}`, CONVEYOR_FETCH_CONNECT_TIMEOUT: '300ms', CONVEYOR_FETCH_TIMEOUT: '30s' });
        expect(error).toMatchObject({ type: WebFetchFailureType.FetchTimeout, nonRetryable: false });
        expect(error.message).toMatch(/no TLS connection to 127\.0\.0\.1:\d+ within 300 ms/);
      } finally {
        silent.close();
      }
    });

    it('an https server with a certificate nobody trusts fails with a non-retryable TlsError, and nothing is read', async () => {
      let served = 0;
      const server = https.createServer({ cert: SELF_SIGNED_CERT, key: SELF_SIGNED_KEY }, (_request, response) => {
        served++;
        response.writeHead(200, { 'content-type': 'text/html' }).end(ARTICLE_HTML);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as net.AddressInfo;
      try {
        const error = await failure(`https://127.0.0.1:${port}/article`, { CONVEYOR_FETCH_ALLOW_HOSTS: `127.0.0.1:${port}` });
        expect(error).toMatchObject({ type: WebFetchFailureType.TlsError, nonRetryable: true });
        expect(served).toBe(0);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });

    it('a page that is not HTML fails with a non-retryable WrongContentType', async () => {
      expect(await failure(`${site.origin}/json`)).toMatchObject({ type: WebFetchFailureType.WrongContentType, nonRetryable: true });
    });
  });

  describe('answers', () => {
    it.each([
      ['500', WebFetchFailureType.ServerError, false],
      ['503', WebFetchFailureType.ServerError, false],
      ['429', WebFetchFailureType.ServerError, false],
      ['404', WebFetchFailureType.HttpClientError, true],
    ])('%s fails with %s (nonRetryable %s)', async (status, type, nonRetryable) => {
      expect(await failure(`${site.origin}/status/${status}`)).toMatchObject({ type, nonRetryable, details: [expect.objectContaining({ status: Number(status) })] });
    });

    it('a connection that breaks once made fails with a retryable NetworkError (only reaching a host is Unreachable)', async () => {
      // Accepts, starts an answer, and hangs up in the middle of its headers.
      const breaking = net.createServer((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-'));
      await new Promise<void>((resolve) => breaking.listen(0, '127.0.0.1', resolve));
      const { port } = breaking.address() as net.AddressInfo;
      try {
        expect(await failure(`http://127.0.0.1:${port}/`, { CONVEYOR_FETCH_ALLOW_HOSTS: `127.0.0.1:${port}` })).toMatchObject({ type: WebFetchFailureType.NetworkError, nonRetryable: false });
        expect(logged).toEqual([]);
      } finally {
        breaking.close();
      }
    });
  });
});
