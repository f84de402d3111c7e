import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error';

/** Methods whose requests must say they are JSON, body or not. */
const JSON_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** `application/json`, and the structured `+json` types (`application/merge-patch+json`). */
const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json$/;
/** The `+json` types as Fastify names them to a parser: the media type, then its parameters if any. */
const SUFFIXED_JSON = /^application\/[a-z0-9!#$&^_.-]+\+json(?:;|$)/;

/**
 * POST, PUT and PATCH must say `content-type: application/json` (or a `+json` type), with a body
 * or without one: 415 otherwise. A web page can send another site a POST without asking first only
 * as a "simple" request (no content type, `text/plain`, a form's types: `fetch(…, {mode: 'no-cors'})`
 * or a form), so requiring JSON makes a browser ask the API first (a CORS preflight), which the API
 * never approves. DELETE is exempt: a browser never sends a DELETE to another site without that
 * preflight, and `curl -X DELETE` should not need a header.
 *
 * An empty body with a JSON content type is no body (Fastify's own parser refuses it): a route
 * that takes none, or may go without (a signal's payload), answers; one that needs a body still
 * answers 400 `invalid_json`.
 */
export function installJsonRequests(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser(app.initialConfig.onProtoPoisoning ?? 'error', app.initialConfig.onConstructorPoisoning ?? 'error');
  const parser = (request: FastifyRequest, body: string, done: (error: Error | null, body?: unknown) => void): void => {
    if (body.length === 0 && acceptsNoBody(request)) done(null, undefined);
    else void parseJson(request, body, done);
  };
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parser);
  app.addContentTypeParser(SUFFIXED_JSON, { parseAs: 'string' }, parser);

  app.addHook('onRequest', (request, _reply, done) => {
    // An unknown path or method keeps its 404 or 405, which tells the caller more.
    if (!JSON_METHODS.has(request.method) || request.is404) {
      done();
      return;
    }
    const header = request.headers['content-type'];
    const mediaType = header?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
    if (JSON_MEDIA_TYPE.test(mediaType)) {
      done();
      return;
    }
    const sent = header === undefined ? 'none' : `"${header.slice(0, 100)}"`;
    throw new ApiError(
      415,
      'unsupported_media_type',
      `${request.method} requests must send "content-type: application/json", with a body or without one; this one sent ${sent}`,
    );
  });
}

/** Whether the route takes no body, or its body schema accepts none (`z.unknown()`). */
function acceptsNoBody(request: FastifyRequest): boolean {
  const schema = request.routeOptions.schema?.body as { safeParse?: (value: unknown) => { success: boolean } } | undefined;
  if (schema === undefined) return true;
  return typeof schema.safeParse === 'function' && schema.safeParse(undefined).success;
}
