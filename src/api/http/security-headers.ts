import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

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

/**
 * Security headers on every answer, by @fastify/helmet: the Content-Security-Policy above,
 * `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer` (task
 * ids in the dashboard's URLs stay off the Temporal UI and other sites it links to) and helmet's
 * other defaults. Registered before the other hooks, so refusals (401, 403, 415) carry them too.
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  // Before helmet's own onRoute hook, which reads a route's `helmet` option; the docs routes come later.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.helmet = { contentSecurityPolicy: { useDefaults: false, directives: DOCS_CONTENT_SECURITY_POLICY } };
  });
  await app.register(helmet, {
    // Not helmet's defaults: they add `upgrade-insecure-requests`, which sends a page served over
    // plain HTTP on a LAN address to https:// for its own scripts.
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // The API speaks plain HTTP; whether a name is HTTPS-only for a year is for the proxy that terminates TLS.
    strictTransportSecurity: false,
  });
}
