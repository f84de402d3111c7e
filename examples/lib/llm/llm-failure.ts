import { ApplicationFailure } from '@temporalio/activity';
import { APIConnectionError, APIError } from 'openai';
import { FailureType } from '../../failure-types';
import { retryAfterMs } from './retry-after';

/** What a failure names: the provider and model asked, and the key to keep out of every message. */
export interface FailureContext {
  provider: string;
  model: string;
  apiKey: string;
}

/**
 * An error of the OpenAI client as a typed Temporal failure. Retries are the activity retry
 * policy's, not the client's (its own are off): a 429 or 5xx is retryable, and the server's
 * Retry-After becomes the failure's `nextRetryDelay`, which Temporal waits before the next attempt
 * instead of the policy's backoff. Authentication (401/403) and other refusals are not retryable.
 */
export function llmFailure(error: unknown, context: FailureContext): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  const about = `${context.provider} (${context.model})`;
  if (error instanceof APIError && error.status !== undefined) {
    const details = [{ status: error.status, provider_error_type: error.type ?? null, provider_error_code: error.code ?? null }];
    const message = `${about} answered ${redacted(error.message, context.apiKey)}`;
    const status = error.status;
    if (status === 401 || status === 403) return ApplicationFailure.create({ type: FailureType.LlmAuthFailed, message, nonRetryable: true, details });
    if (status === 429 || status === 408 || status >= 500) {
      return ApplicationFailure.create({
        type: status === 429 ? FailureType.LlmRateLimited : FailureType.LlmUnavailable,
        message,
        nonRetryable: false,
        nextRetryDelay: retryAfterMs(error.headers),
        details,
      });
    }
    return ApplicationFailure.create({ type: FailureType.LlmRequestRefused, message, nonRetryable: true, details });
  }
  if (error instanceof APIConnectionError) {
    return ApplicationFailure.create({ type: FailureType.LlmUnavailable, message: `${about} could not be reached: ${redacted(error.message, context.apiKey)}`, nonRetryable: false });
  }
  if (error instanceof SyntaxError) {
    return malformedResponse(context, `its body is not JSON (${redacted(error.message, context.apiKey)})`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return ApplicationFailure.create({ type: FailureType.LlmUnavailable, message: `${about} failed: ${redacted(message, context.apiKey)}`, nonRetryable: false });
}

/** An answer that is not what was asked for: the same request would get the same answer, so it is not retried. */
export function malformedResponse(context: FailureContext, why: string): ApplicationFailure {
  return ApplicationFailure.create({ type: FailureType.LlmMalformedResponse, message: `${context.provider} (${context.model}) answered malformed output: ${why}`, nonRetryable: true });
}

/** A server may echo the key it refused; it never leaves the worker. */
function redacted(text: string, apiKey: string): string {
  return apiKey.length >= 4 ? text.split(apiKey).join('[redacted]') : text;
}
