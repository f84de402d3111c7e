import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { FailureType } from '../../failure-types';
import { providerFromEnv } from './provider-from-env';
import { DEFAULT_OPENAI_MODEL, llmSettingsFrom } from './settings';

describe('LLM settings', () => {
  it('uses the offline provider when no LLM is configured, or when CONVEYOR_LLM_PROVIDER=offline', () => {
    expect(llmSettingsFrom({})).toEqual({ kind: 'offline' });
    expect(llmSettingsFrom({ CONVEYOR_LLM_PROVIDER: 'offline', OPENAI_API_KEY: 'sk-x' })).toEqual({ kind: 'offline' });
    expect(providerFromEnv({}).provider).toBe('offline');
  });

  it('reads CONVEYOR_LLM_BASE_URL, CONVEYOR_LLM_MODEL and CONVEYOR_LLM_API_KEY (Ollama, vLLM, LM Studio)', () => {
    expect(llmSettingsFrom({ CONVEYOR_LLM_BASE_URL: 'http://127.0.0.1:11434/v1', CONVEYOR_LLM_MODEL: 'llama3.2', CONVEYOR_LLM_API_KEY: 'k' })).toEqual({
      kind: 'openai-compatible',
      baseURL: 'http://127.0.0.1:11434/v1',
      model: 'llama3.2',
      apiKey: 'k',
      timeoutMs: 60_000,
    });
  });

  it("honours OpenAI's own OPENAI_API_KEY and OPENAI_BASE_URL; CONVEYOR_LLM_* win over them", () => {
    expect(llmSettingsFrom({ OPENAI_API_KEY: 'sk-a' })).toMatchObject({ kind: 'openai-compatible', baseURL: undefined, model: DEFAULT_OPENAI_MODEL, apiKey: 'sk-a' });
    expect(llmSettingsFrom({ OPENAI_BASE_URL: 'http://h/v1', CONVEYOR_LLM_MODEL: 'm' })).toMatchObject({ baseURL: 'http://h/v1', apiKey: 'no-key' });
    expect(llmSettingsFrom({ OPENAI_API_KEY: 'sk-a', CONVEYOR_LLM_API_KEY: 'sk-b', OPENAI_BASE_URL: 'http://a/v1', CONVEYOR_LLM_BASE_URL: 'http://b/v1', CONVEYOR_LLM_MODEL: 'm' })).toMatchObject({
      apiKey: 'sk-b',
      baseURL: 'http://b/v1',
    });
    expect(llmSettingsFrom({ OPENAI_API_KEY: 'sk-a', CONVEYOR_LLM_TIMEOUT: '90' })).toMatchObject({ timeoutMs: 90_000 });
  });

  it('names the variable that is wrong, never the key', () => {
    expect(() => llmSettingsFrom({ CONVEYOR_LLM_PROVIDER: 'gpt' })).toThrow(/CONVEYOR_LLM_PROVIDER/);
    expect(() => llmSettingsFrom({ CONVEYOR_LLM_BASE_URL: 'ftp://h', CONVEYOR_LLM_MODEL: 'm' })).toThrow(/CONVEYOR_LLM_BASE_URL/);
    expect(() => llmSettingsFrom({ CONVEYOR_LLM_BASE_URL: 'http://h/v1' })).toThrow(/CONVEYOR_LLM_MODEL/);
    expect(() => llmSettingsFrom({ CONVEYOR_LLM_PROVIDER: 'openai' })).toThrow(/CONVEYOR_LLM_API_KEY/);
    expect(() => llmSettingsFrom({ OPENAI_API_KEY: 'sk-secret', CONVEYOR_LLM_TIMEOUT: 'soon' })).toThrow(/CONVEYOR_LLM_TIMEOUT/);

    let failure: unknown;
    try {
      providerFromEnv({ CONVEYOR_LLM_API_KEY: 'sk-secret-value', CONVEYOR_LLM_BASE_URL: 'not a url', CONVEYOR_LLM_MODEL: 'm' });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FailureType.LlmMisconfigured, nonRetryable: true });
    expect((failure as Error).message).not.toContain('sk-secret-value');
  });
});
