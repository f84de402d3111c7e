import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * What the dashboard's pages may load and run, and who may frame them. Scripts and styles come
 * only from the API's own files (the built dashboard has no inline script or style, and React's
 * `style` props set the CSSOM, which a policy does not govern); data: images only for the icon;
 * requests only to the API itself. The same policy covers the docs page (Swagger UI loads its own
 * files) and costs nothing on JSON answers.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

/**
 * The docs page's policy: Swagger UI (a bundle of its own, not ours) inserts a `<style>` element,
 * which `style-src 'self'` blocks; styles alone run no code, and the page shows only the public
 * OpenAPI document. Scripts stay `'self'`.
 */
const DOCS_CONTENT_SECURITY_POLICY = { ...CONTENT_SECURITY_POLICY, styleSrc: ["'self'", "'unsafe-inline'"] };

const HELMET_OPTIONS: HelmetOptions = {
  // Not helmet's defaults: they add `upgrade-insecure-requests`, which sends a page served over
  // plain HTTP on a LAN address to https:// for its own scripts.
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  // The API speaks plain HTTP; whether a name is HTTPS-only for a year is for the proxy that terminates TLS.
  strictTransportSecurity: false,
};

type HeaderSet = ReadonlyArray<readonly [name: string, value: string]>;

/**
 * The headers helmet sets with `options`, asked of helmet once. None of the options depends on
 * the request (no directive is a function), so every answer gets the same set; building helmet's
 * middleware per request, as @fastify/helmet does, cost the API 4% of its CPU under load.
 */
function helmetHeaders(options: HelmetOptions): HeaderSet {
  // A response that is never sent, for helmet to set its headers on.
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  let failure: unknown;
  helmet(options)(response.req, response, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return Object.entries(response.getHeaders()).map(([name, value]) => [name, String(value)] as const);
}

/**
 * Security headers on every answer, by helmet: the Content-Security-Policy above,
 * `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer` (task
 * ids in the dashboard's URLs stay off the Temporal UI and other sites it links to) and helmet's
 * other defaults. Registered before the other hooks, so refusals (401, 403, 415) carry them too;
 * set on the raw response, so hijacked event streams carry them as well.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  const everywhere = helmetHeaders(HELMET_OPTIONS);
  const onDocs = helmetHeaders({ ...HELMET_OPTIONS, contentSecurityPolicy: { useDefaults: false, directives: DOCS_CONTENT_SECURITY_POLICY } });
  app.addHook('onRequest', (request, reply, done) => {
    const headers = request.routeOptions.url?.startsWith('/docs') ? onDocs : everywhere;
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
