import type { OpenAPIV3 } from 'openapi-types';

/** Methods whose requests must say they are JSON, body or not (see http/json-requests.ts). */
const JSON_METHODS = ['post', 'put', 'patch'] as const;

/**
 * The document with a JSON request body on every POST, PUT and PATCH that takes none (cancel,
 * pause, resume, trigger): the server refuses such a request without `content-type:
 * application/json` (415, so that a web page elsewhere cannot send it unasked), and a client that
 * reads the document must learn to send it. The body is an empty object; an empty body with the
 * content type is as good.
 */
export function withJsonBodies(document: OpenAPIV3.Document): OpenAPIV3.Document {
  const result = structuredClone(document);
  for (const item of Object.values(result.paths)) {
    for (const method of JSON_METHODS) {
      const operation = item?.[method];
      if (!operation || operation.requestBody) continue;
      operation.requestBody = {
        required: true,
        description: 'None: send `content-type: application/json` with `{}` or an empty body',
        content: { 'application/json': { schema: { type: 'object', maxProperties: 0 } } },
      };
    }
  }
  return result;
}
