import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiError, completion, startOpenAiStandIn, STAND_IN_ANSWERS, type OpenAiStandIn } from '../../test/helpers/openai-stand-in';
import { FailureType } from '../failure-types';
import { openAiProvider } from './openai-provider';
import type { LlmProvider, PageText } from './provider';

const API_KEY = 'sk-test-0123456789abcdef';
const PAGE: PageText = { title: 'Ada Lovelace', text: 'Ada Lovelace wrote the first program. She lived in London.' };

/** The failure a provider call rejected with (fails the test if it resolved or threw something else). */
async function failureOf(call: Promise<unknown>): Promise<ApplicationFailure> {
  const error: unknown = await call.then(
    () => new Error('the call succeeded; the test expected a failure'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof ApplicationFailure)) throw error;
  return error;
}

/** The OpenAI-compatible provider through the real `openai` client, against a stand-in server over loopback HTTP. */
describe('OpenAI-compatible provider', () => {
  let standIn: OpenAiStandIn;
  let provider: LlmProvider;

  beforeAll(async () => {
    standIn = await startOpenAiStandIn();
    provider = openAiProvider({ baseURL: standIn.baseURL, model: 'stand-in-model', apiKey: API_KEY, timeoutMs: 2000 });
  });
  afterAll(() => standIn?.close());
  beforeEach(() => {
    standIn.requests.length = 0;
  });

  it('asks for entities with a strict JSON Schema response_format, checks the answer and records provider and model', async () => {
    const entities = await provider.extractEntities(PAGE, 2);

    expect(entities).toEqual({ items: STAND_IN_ANSWERS.entities.entities.slice(0, 2), provider: 'openai-compatible', model: 'stand-in-model' });
    const [request] = standIn.requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.body.model).toBe('stand-in-model');
    expect(request?.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'entities', strict: true } });
    expect(request?.body.response_format?.json_schema?.schema).toMatchObject({ type: 'object', required: ['entities'], additionalProperties: false });
    expect(JSON.stringify(request?.body.messages)).toContain('She lived in London.');
  });

  it('asks for a classification as structured output too, and a summary as plain text', async () => {
    expect(await provider.classify(PAGE)).toEqual({ ...STAND_IN_ANSWERS.classification, provider: 'openai-compatible', model: 'stand-in-model' });
    expect(await provider.summarize(PAGE)).toEqual({ text: STAND_IN_ANSWERS.summary, provider: 'openai-compatible', model: 'stand-in-model' });
    expect(standIn.requests.map((request) => request.body.response_format?.json_schema?.name)).toEqual(['classification', undefined]);
  });

  it('429 with Retry-After: a retryable LlmRateLimited whose next retry waits what the server asked; the client itself does not retry', async () => {
    standIn.reply(apiError(429, 'Rate limit reached for requests', 'requests', { 'retry-after': '7' }));

    const failure = await failureOf(provider.classify(PAGE));
    expect(failure).toMatchObject({ type: FailureType.LlmRateLimited, nonRetryable: false, nextRetryDelay: 7000 });
    expect(failure.message).toContain('429 Rate limit reached for requests');
    expect(standIn.requests).toHaveLength(1); // maxRetries 0: Temporal's retry policy retries, not the client

    // The next attempt (Temporal's retry) goes through.
    expect((await provider.classify(PAGE)).category).toBe('technology');
  });

  it('500: a retryable LlmUnavailable, with the policy backoff (no Retry-After), then success', async () => {
    standIn.reply(apiError(500, 'The server had an error while processing your request', 'server_error'));

    const failure = await failureOf(provider.summarize(PAGE));
    expect(failure).toMatchObject({ type: FailureType.LlmUnavailable, nonRetryable: false });
    expect(failure.nextRetryDelay).toBeUndefined();
    expect((await provider.summarize(PAGE)).text).toBe(STAND_IN_ANSWERS.summary);
  });

  it('a body that is not JSON is a non-retryable LlmMalformedResponse', async () => {
    standIn.reply({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"id": "chatcmpl-1", "choices": [' });

    expect(await failureOf(provider.extractEntities(PAGE, 5))).toMatchObject({ type: FailureType.LlmMalformedResponse, nonRetryable: true });
  });

  it('content that is not JSON, or JSON outside the schema, is a non-retryable LlmMalformedResponse naming the problem', async () => {
    standIn.reply(completion('Sure! Here are the entities: Ada'), completion(JSON.stringify({ category: 'gardening', confidence: 2 })));

    const notJson = await failureOf(provider.extractEntities(PAGE, 5));
    expect(notJson).toMatchObject({ type: FailureType.LlmMalformedResponse, nonRetryable: true });
    expect(notJson.message).toContain('entities content is not JSON');
    const offSchema = await failureOf(provider.classify(PAGE));
    expect(offSchema).toMatchObject({ type: FailureType.LlmMalformedResponse, nonRetryable: true });
    expect(offSchema.message).toMatch(/category: .*confidence: /);
  });

  it('401 is a non-retryable LlmAuthFailed, and the key the server echoes never reaches the message', async () => {
    standIn.reply(apiError(401, `Incorrect API key provided: ${API_KEY}.`, 'invalid_request_error'));

    const failure = await failureOf(provider.summarize(PAGE));
    expect(failure).toMatchObject({ type: FailureType.LlmAuthFailed, nonRetryable: true });
    expect(failure.message).toContain('401 Incorrect API key provided: [redacted]');
    expect(JSON.stringify([failure.message, failure.details, failure.stack])).not.toContain(API_KEY);
  });

  it('403 is a non-retryable LlmAuthFailed; another 4xx (an unknown model) a non-retryable LlmRequestRefused', async () => {
    standIn.reply(apiError(403, 'Project does not have access to model', 'invalid_request_error'), apiError(404, 'The model does not exist', 'invalid_request_error'));

    expect(await failureOf(provider.summarize(PAGE))).toMatchObject({ type: FailureType.LlmAuthFailed, nonRetryable: true });
    expect(await failureOf(provider.summarize(PAGE))).toMatchObject({ type: FailureType.LlmRequestRefused, nonRetryable: true, details: [{ status: 404 }] });
  });

  it('a server slower than the timeout, or none listening, is a retryable LlmUnavailable', async () => {
    standIn.reply({ ...completion('late'), delayMs: 10_000 });
    expect(await failureOf(provider.summarize(PAGE))).toMatchObject({ type: FailureType.LlmUnavailable, nonRetryable: false });

    const closed = await startOpenAiStandIn();
    await closed.close();
    const unreachable = openAiProvider({ baseURL: closed.baseURL, model: 'm', apiKey: API_KEY, timeoutMs: 2000 });
    const failure = await failureOf(unreachable.summarize(PAGE));
    expect(failure).toMatchObject({ type: FailureType.LlmUnavailable, nonRetryable: false });
    expect(failure.message).toContain('could not be reached');
  });
});
