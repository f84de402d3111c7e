import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { errorResponse } from '../schemas/error-body';
import { ApiError, temporalRateLimited, temporalUnavailable } from './api-error';
import { domainErrorAnswer } from './domain-error-answer';

/** gRPC status codes the Temporal client reports when the server cannot be reached. */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
/** What Temporal answers a request it refuses as such (an id over its limit, a query it cannot parse). */
const GRPC_INVALID_ARGUMENT = 3;
/** What Temporal answers past its own rate limits (`frontend.rps`, `frontend.namespaceRPS`, ...). */
const GRPC_RESOURCE_EXHAUSTED = 8;

/**
 * Maps every error to the one JSON shape: named domain errors to their answers ({@link domainErrorAnswer}), client mistakes
 * Fastify detects (bad JSON, oversized bodies, wrong types) to theirs, a request Temporal refused
 * (INVALID_ARGUMENT) to 400, an unreachable Temporal or one past its rate limit (RESOURCE_EXHAUSTED) to 503 with
 * Retry-After, and anything else to a 500 that reveals nothing internal.
 */
export function installErrorHandler(app: FastifyInstance, allowedMethods: (path: string) => string[]): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const answer = toApiError(error);
    if (answer.statusCode >= 500 && answer.statusCode !== 503) request.log.error({ err: error }, 'request failed');
    for (const [name, value] of Object.entries(answer.headers)) void reply.header(name, value);
    return reply.status(answer.statusCode).send(errorResponse(answer.code, answer.message, answer.details));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = allowedMethods(path);
    // A route that answers this method found nothing (a static file that is not there): a 404.
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      return reply
        .status(405)
        .header('allow', allowed.join(', '))
        .send(errorResponse('method_not_allowed', `${path} answers ${allowed.join(', ')}, not ${request.method}`, { allow: allowed }));
    }
    return reply.status(404).send(errorResponse('route_not_found', `no route ${request.method} ${path}`));
  });
}

/**
 * Fastify answers a few malformed URLs before routing (an undecodable component, a path
 * parameter over `maxParamLength`) in a shape of its own; this keeps them in the one error shape.
 */
export function frameworkErrorReply(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  const code = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'uri_too_long' : error.code === 'FST_ERR_BAD_URL' ? 'invalid_url' : 'bad_request';
  const message = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is too long' : 'the URL is malformed';
  void reply.status(status >= 400 && status < 500 ? status : 400).send(errorResponse(code, message));
}

function toApiError(error: FastifyError): ApiError {
  if (error instanceof ApiError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.flatMap((issue) => {
      // The root's instancePath is "/": "body", not "body.".
      const at = `${error.validationContext ?? 'request'}${issue.instancePath === '/' ? '' : issue.instancePath.replaceAll('/', '.')}`;
      // A strict object reports unknown keys at the object itself: name each key as its own field.
      const unknownKeys = issue.keyword === 'unrecognized_keys' ? (issue.params as { keys?: unknown }).keys : undefined;
      if (Array.isArray(unknownKeys)) return unknownKeys.map((key) => ({ field: `${at}.${String(key)}`, message: 'is not a known field' }));
      return [{ field: at, message: issue.message ?? 'is invalid' }];
    });
    // A schema's own refusal may carry details a client reads (requestDuration's bound: max_wait_seconds).
    const details = error.validation.reduce<Record<string, unknown>>(
      (found, issue) => (issue.keyword === 'custom' ? { ...found, ...(issue.params as { params?: Record<string, unknown> }).params } : found),
      {},
    );
    return new ApiError(400, 'invalid_request', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields, ...details });
  }
  const domainAnswer = domainErrorAnswer(error);
  if (domainAnswer) return domainAnswer;
  if (isTemporalUnavailable(error)) return temporalUnavailable();
  if (hasGrpcCode(error, GRPC_RESOURCE_EXHAUSTED)) return temporalRateLimited();
  const refused = temporalRefusal(error);
  if (refused !== undefined) return new ApiError(400, 'invalid_request', `Temporal refused the request: ${refused}`);
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new ApiError(status, clientErrorCode(status, error.code), error.message);
  return new ApiError(500, 'internal_error', 'internal server error');
}

/** The code of a 4xx a plugin or Fastify itself raised (a static file refused, a body that does not parse), by its status. */
const CODE_BY_STATUS: Record<number, string> = {
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  431: 'headers_too_large',
};

function clientErrorCode(status: number, fastifyCode: string | undefined): string {
  if (fastifyCode === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'invalid_json';
  return CODE_BY_STATUS[status] ?? 'bad_request';
}

/**
 * Temporal's message when it refused the request itself (INVALID_ARGUMENT): the request made it,
 * so it is the client's 400, not a fault of the API nor an unreachable Temporal. The API checks
 * what it knows of Temporal's limits first; this covers the rest.
 */
function temporalRefusal(error: unknown): string | undefined {
  for (let current = error as { code?: unknown; cause?: unknown; details?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (current.code === GRPC_INVALID_ARGUMENT) return typeof current.details === 'string' && current.details ? current.details : 'invalid argument';
  }
  return undefined;
}

/** Whether `error`, or an error it was caused by, carries the gRPC status `code`. */
function hasGrpcCode(error: unknown, code: number): boolean {
  for (let current = error as { code?: unknown; cause?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (current.code === code) return true;
  }
  return false;
}

/** gRPC UNAVAILABLE / DEADLINE_EXCEEDED from the Temporal client, or a connection that never came up. */
function isTemporalUnavailable(error: unknown): boolean {
  for (let current = error as { code?: unknown; cause?: unknown; name?: string } | undefined; current; current = current.cause as typeof current) {
    if (current.code === GRPC_UNAVAILABLE || current.code === GRPC_DEADLINE_EXCEEDED) return true;
    if (current.name === 'TransportError') return true;
  }
  return false;
}
