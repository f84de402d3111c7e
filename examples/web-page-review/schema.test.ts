import { describe, expect, it } from 'vitest';
import { failingFields } from '../../test/helpers/failing-fields';
import { reviewTimeoutDefaultSeconds, webPageReviewInput, webPageReviewInputFrom } from './schema';

describe('web_page_review input', () => {
  it('requires an http(s) url; defaults to 10 entities, a 10-minute review and approval when nobody reviews it', () => {
    expect(failingFields(webPageReviewInputFrom({}), {})).toEqual(['url']);
    expect(webPageReviewInputFrom({}).parse({ url: 'https://news.example/a' })).toEqual({ url: 'https://news.example/a', max_entities: 10, review_timeout: 600, on_review_timeout: 'approve' });
    for (const url of ['ftp://h/a', 'not a url', 'file:///etc/passwd']) expect(failingFields(webPageReviewInput, { url }), url).toEqual(['url']);
  });

  it('takes the review wait default from CONVEYOR_REVIEW_TIMEOUT (a bare number is seconds), applied at submit', () => {
    expect(reviewTimeoutDefaultSeconds({})).toBe(600);
    expect(reviewTimeoutDefaultSeconds({ CONVEYOR_REVIEW_TIMEOUT: '2h' })).toBe(7200);
    expect(reviewTimeoutDefaultSeconds({ CONVEYOR_REVIEW_TIMEOUT: '45' })).toBe(45);
    expect(webPageReviewInputFrom({ CONVEYOR_REVIEW_TIMEOUT: '3s' }).parse({ url: 'http://h/' })).toMatchObject({ review_timeout: 3 });
    expect(() => reviewTimeoutDefaultSeconds({ CONVEYOR_REVIEW_TIMEOUT: 'later' })).toThrow(/CONVEYOR_REVIEW_TIMEOUT/);
    expect(() => reviewTimeoutDefaultSeconds({ CONVEYOR_REVIEW_TIMEOUT: '8d' })).toThrow(/CONVEYOR_REVIEW_TIMEOUT/);
  });

  it('bounds max_entities (1-50) and review_timeout (1 s to 7 days), takes on_review_timeout approve, reject or fail only, and refuses unknown keys', () => {
    expect(failingFields(webPageReviewInput, { url: 'http://h/', max_entities: 0 })).toEqual(['max_entities']);
    expect(failingFields(webPageReviewInput, { url: 'http://h/', max_entities: 51 })).toEqual(['max_entities']);
    expect(failingFields(webPageReviewInput, { url: 'http://h/', review_timeout: 7 * 24 * 3600 + 1 })).toEqual(['review_timeout']);
    for (const policy of ['approve', 'reject', 'fail']) expect(failingFields(webPageReviewInput, { url: 'http://h/', on_review_timeout: policy })).toEqual([]);
    expect(failingFields(webPageReviewInput, { url: 'http://h/', on_review_timeout: 'ignore' })).toEqual(['on_review_timeout']);
    expect(failingFields(webPageReviewInput, { url: 'http://h/', reviewer: 'x' })).toEqual(['']);
  });
});
