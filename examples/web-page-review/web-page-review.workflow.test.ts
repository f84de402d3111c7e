import { ApplicationFailure } from '@temporalio/common';
import { decisionQuery, decisionUpdate, progressQuery, REVIEW_TIMED_OUT } from 'conveyor/workflow';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StartedTask } from '../../src/temporal/tasks/start-task';
import { failureOf, serveExamples, timeSkippingEnvironment } from '../../test/helpers/workflow-environment';
import { FailureType } from '../failure-types';
import type { Classification, Entities, PageText, Summary } from '../lib/llm/provider';
import type { ReadablePage } from '../lib/web-fetch/activities';
import type { WebPageReviewParams, WebPageReviewResult } from './schema';

const PAGE: ReadablePage = { url: 'https://news.example/ada', title: 'Ada Lovelace', text: 'Ada Lovelace wrote the first program.', truncated: false };
const BY = { provider: 'stand-in', model: 'model-1' };
const SUMMARY: Summary = { text: 'Ada wrote the first program.', ...BY };
const ENTITIES: Entities = { items: [{ name: 'Ada Lovelace', type: 'person' }], ...BY };
const CLASSIFICATION: Classification = { category: 'technology', confidence: 0.9, ...BY };

/** What the mocked activities do in the current test, and what they were asked. */
let behaviour: { page: () => ReadablePage; classify: () => Classification };
const calls: string[] = [];

/** web_page_review's paths with mocked activities, on the time-skipping test server (a review deadline passes at once). */
describe('web_page_review workflow', () => {
  const examples = serveExamples(timeSkippingEnvironment, {
    fetchReadablePage: async (): Promise<ReadablePage> => {
      calls.push('fetch');
      return behaviour.page();
    },
    summarizePage: async (): Promise<Summary> => {
      calls.push('summary');
      return SUMMARY;
    },
    extractPageEntities: async (input: PageText & { max: number }): Promise<Entities> => {
      calls.push(`entities(max ${input.max})`);
      return ENTITIES;
    },
    classifyPage: async (): Promise<Classification> => {
      calls.push('classify');
      return behaviour.classify();
    },
  });

  beforeEach(() => {
    behaviour = { page: () => PAGE, classify: () => CLASSIFICATION };
    calls.length = 0;
  });

  const start = (params: Partial<WebPageReviewParams> = {}): Promise<StartedTask> =>
    examples.start('web_page_review', { url: PAGE.url, review_timeout: 7 * 24 * 3600, ...params });
  const resultOf = (task: StartedTask) => task.handle.result() as Promise<WebPageReviewResult>;
  /** Waits (in workflow time, skipped) until the task shows its draft for review. */
  const awaitingReview = async (task: StartedTask) => {
    for (;;) {
      const progress = await task.handle.query(progressQuery);
      if (progress.stage === 'awaiting_review') return progress;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const draft = { url: PAGE.url, title: PAGE.title, summary: SUMMARY.text, entities: ENTITIES.items, classification: { category: 'technology', confidence: 0.9 }, ...BY };

  it('drafts in parallel, then waits in stage awaiting_review with the draft in its progress and the decision query', async () => {
    const task = await start({ max_entities: 7 });
    const progress = await awaitingReview(task);

    expect(progress).toMatchObject({ percent: 90, stage: 'awaiting_review', draft, on_timeout: 'approve' });
    expect(await task.handle.query(decisionQuery)).toMatchObject({ state: 'pending', subject: 'review of Ada Lovelace', draft, on_timeout: 'approve' });
    expect(calls.slice(1).sort()).toEqual(['classify', 'entities(max 7)', 'summary']);
    await task.handle.executeUpdate(decisionUpdate, { args: [{ approved: true, reviewer: 'ada' }] });
    await resultOf(task);
  });

  it('a reviewer approves: the result holds the draft, who produced it, and the review', async () => {
    const task = await start();
    await awaitingReview(task);
    await task.handle.executeUpdate(decisionUpdate, { args: [{ approved: true, reviewer: 'ada', comment: 'accurate' }] });

    expect(await resultOf(task)).toEqual({
      url: PAGE.url,
      title: PAGE.title,
      text_truncated: false,
      summary: SUMMARY,
      entities: ENTITIES,
      classification: CLASSIFICATION,
      review: { approved: true, decided_by: 'reviewer', reviewer: 'ada', comment: 'accurate' },
    });
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 100, stage: 'approved', message: 'decided by ada' });
  });

  it('a reviewer rejects: the task completes with the rejection recorded (a rejected draft is an outcome, not a failure)', async () => {
    const task = await start();
    await awaitingReview(task);
    await task.handle.executeUpdate(decisionUpdate, { args: [{ approved: false, reviewer: 'grace', comment: 'off topic' }] });

    const result = await resultOf(task);
    expect(result.review).toEqual({ approved: false, decided_by: 'reviewer', reviewer: 'grace', comment: 'off topic' });
    expect(result.summary).toEqual(SUMMARY);
    expect(await task.handle.query(progressQuery)).toMatchObject({ stage: 'rejected' });
  });

  it('a reviewer approves with an edited summary: it replaces the draft, and says who edited it', async () => {
    const task = await start();
    await awaitingReview(task);
    await task.handle.executeUpdate(decisionUpdate, { args: [{ approved: true, reviewer: 'ada', summary: 'Ada Lovelace published the first algorithm meant for a machine.' }] });

    const result = await resultOf(task);
    expect(result.summary).toEqual({ ...BY, text: 'Ada Lovelace published the first algorithm meant for a machine.', edited_by: 'ada' });
    expect(result.review).toMatchObject({ approved: true, reviewer: 'ada', summary: 'Ada Lovelace published the first algorithm meant for a machine.' });
  });

  it('with no decision by review_timeout the draft is approved automatically, recorded as decided by the timeout', async () => {
    const startedAt = await examples.env().currentTimeMs();
    const task = await start({ review_timeout: 600 });

    const result = await resultOf(task);
    expect(result.review).toEqual({ approved: true, decided_by: 'timeout' });
    expect(result.summary).toEqual(SUMMARY);
    expect(await examples.env().currentTimeMs()).toBeGreaterThanOrEqual(startedAt + 600_000);
    expect(await task.handle.query(progressQuery)).toMatchObject({ stage: 'approved', message: 'nobody reviewed it: approved automatically' });
  });

  it('on_review_timeout reject rejects the draft at the deadline; fail fails the task with ReviewTimedOut', async () => {
    const rejected = await resultOf(await start({ review_timeout: 600, on_review_timeout: 'reject' }));
    expect(rejected.review).toEqual({ approved: false, decided_by: 'timeout' });

    const failure = await failureOf(await start({ review_timeout: 600, on_review_timeout: 'fail' }));
    expect(failure).toMatchObject({ type: REVIEW_TIMED_OUT, nonRetryable: true, message: expect.stringContaining('nobody reviewed review of Ada Lovelace by its deadline') });
  });

  it('an LLM call that fails for good fails the task with the provider failure type and message, never a partial result', async () => {
    behaviour.classify = () => {
      throw ApplicationFailure.create({ type: FailureType.LlmAuthFailed, message: 'openai-compatible (m) answered 401 Incorrect API key provided', nonRetryable: true });
    };
    const failure = await failureOf(await start());

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FailureType.LlmAuthFailed });
    expect(failure.message).toBe('analysing the page: openai-compatible (m) answered 401 Incorrect API key provided');
    expect(calls.filter((call) => call === 'classify')).toHaveLength(1); // not retried
  });

  it('an LLM call rate limited on every attempt is retried by the policy (5 attempts), then fails the task as LlmRateLimited', async () => {
    behaviour.classify = () => {
      throw ApplicationFailure.create({ type: FailureType.LlmRateLimited, message: 'answered 429 Rate limit reached', nonRetryable: false, nextRetryDelay: '30s' });
    };
    const failure = await failureOf(await start());

    expect(failure).toMatchObject({ type: FailureType.LlmRateLimited, message: 'analysing the page: answered 429 Rate limit reached' });
    expect(calls.filter((call) => call === 'classify')).toHaveLength(5);
  });

  it('a page with no readable text fails the task before any LLM call', async () => {
    behaviour.page = () => ({ ...PAGE, text: '   ' });
    const failure = await failureOf(await start());

    expect(failure).toMatchObject({ type: FailureType.NoReadableText });
    expect(calls).toEqual(['fetch']);
  });

  it("the fetcher's own refusal (NoReadableText, non-retryable) fails the task with its type, before any LLM call", async () => {
    behaviour.page = () => {
      throw ApplicationFailure.create({ type: FailureType.NoReadableText, message: 'https://news.example/ada has no readable text', nonRetryable: true });
    };
    const failure = await failureOf(await start());

    expect(failure).toMatchObject({ type: FailureType.NoReadableText, message: 'fetching the page: https://news.example/ada has no readable text' });
    expect(calls).toEqual(['fetch']);
  });
});
