import type { OpenAPIV3 } from 'openapi-types';
import { errorBody } from '../schemas/error-body';
import { VOCABULARIES } from '../../vocabulary';
import { VOCABULARY_HEADER } from '../vocabulary/request-vocabulary';
import { ComponentSchemas } from './component-schemas';
import { limitAnswers } from './limit-answers';

/** The component every error answer refers to. */
const ERROR_COMPONENT = 'Error';
const EVENT_STREAM = 'text/event-stream';
/** Methods whose requests may carry a body: the parser can refuse it (413 over the limit, 415 not JSON) on any of them. */
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The document's answers as the server gives them, on every operation: each error answer is JSON
 * in the one error shape (also on routes whose success is an event stream or plain text); the
 * `Conveyor-Vocabulary` header every route reads, and its 400; the parser's 413 and 415 wherever
 * a body may come; and an event stream's own 200.
 */
export function withErrorResponses(document: OpenAPIV3.Document): OpenAPIV3.Document {
  const result = structuredClone(document);
  const components = new ComponentSchemas(result.components?.schemas);
  const error = components.addZod(components.freeName([ERROR_COMPONENT]), errorBody);
  const errorAnswer = (description: string): OpenAPIV3.ResponseObject => ({ description, content: { 'application/json': { schema: error } } });

  for (const [path, item] of Object.entries(result.paths)) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const responses = operation.responses;
      const streams = Object.values(responses).some((answer) => 'content' in answer && answer.content?.[EVENT_STREAM]);
      if (streams && !responses['200']) {
        responses['200'] = { description: 'Server-Sent Events, until the stream ends', content: { [EVENT_STREAM]: { schema: { type: 'string' } } } };
      }
      for (const [status, answer] of Object.entries(responses)) {
        if (Number(status) >= 400) responses[status] = errorAnswer('description' in answer && answer.description ? answer.description : 'Error');
      }
      responses['400'] ??= errorAnswer(`A ${VOCABULARY_HEADER} header the API does not speak`);
      // Wherever credentials are checked, too many failed sign-ins answer 429 before they are.
      if (responses['401']) responses['429'] ??= errorAnswer('Too many failed sign-ins from this address or for this user (CONVEYOR_AUTH_FAILURE_LIMIT); see Retry-After');
      for (const [status, description] of Object.entries(limitAnswers(method, path, streams, responses))) responses[status] = errorAnswer(description);
      if (BODY_METHODS.has(method)) {
        responses['413'] ??= errorAnswer('The body is over the limit (CONVEYOR_API_BODY_LIMIT)');
        responses['415'] ??= errorAnswer('Not said as JSON: POST, PUT and PATCH need content-type: application/json, with a body or without one; a body must be JSON');
      }
      const parameters = operation.parameters ?? [];
      if (!parameters.some((parameter) => 'name' in parameter && parameter.in === 'header' && parameter.name === VOCABULARY_HEADER)) {
        operation.parameters = [
          ...parameters,
          {
            in: 'header',
            name: VOCABULARY_HEADER,
            required: false,
            description: "The words to answer in: Conveyor's, or the previous task system's (default: CONVEYOR_API_VOCABULARY)",
            schema: { type: 'string', enum: [...VOCABULARIES] },
          },
        ];
      }
    }
  }
  result.components = { ...result.components, schemas: components.schemas };
  return result;
}
