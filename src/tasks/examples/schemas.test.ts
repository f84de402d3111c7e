import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { decisionPayload } from '../decision.schema';
import { approvalInput } from './approval.schema';
import { dataProcessingInput, MAX_CHUNKS } from './data-processing.schema';
import { errorHandlingInput } from './error-handling.schema';
import { longRunningInput } from './long-running.schema';

/** The dotted paths of every issue a schema reports for `input` (empty when it is valid). */
function failingFields(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.map(String).join('.'));
}

describe('example_data_processing input', () => {
  it('requires data_size when no data is given', () => {
    expect(failingFields(dataProcessingInput, {})).toEqual(['data_size']);
  });

  it('takes the size from data when data is given, and applies defaults', () => {
    expect(dataProcessingInput.parse({ data: [3, 1, 2] })).toEqual({ data: [3, 1, 2], chunk_size: 10, operation: 'sum' });
    expect(dataProcessingInput.parse({ data_size: 25 })).toEqual({ data_size: 25, chunk_size: 10, operation: 'sum' });
  });

  it('accepts a data_size that agrees with data', () => {
    expect(failingFields(dataProcessingInput, { data: [1, 2, 3], data_size: 3 })).toEqual([]);
  });

  it('rejects a data_size that disagrees with data.length, on data_size', () => {
    expect(failingFields(dataProcessingInput, { data: [1, 2, 3], data_size: 4 })).toEqual(['data_size']);
  });

  it(`allows exactly ${MAX_CHUNKS} chunks and rejects one more, on chunk_size`, () => {
    expect(failingFields(dataProcessingInput, { data_size: MAX_CHUNKS * 10, chunk_size: 10 })).toEqual([]);
    expect(failingFields(dataProcessingInput, { data_size: MAX_CHUNKS * 10 + 1, chunk_size: 10 })).toEqual(['chunk_size']);
    expect(failingFields(dataProcessingInput, { data: Array.from({ length: MAX_CHUNKS + 1 }, (_, i) => i), chunk_size: 1 })).toEqual([
      'chunk_size',
    ]);
  });

  it('rejects an unknown operation', () => {
    expect(failingFields(dataProcessingInput, { data_size: 10, operation: 'median' })).toEqual(['operation']);
  });

  it('accepts every known operation', () => {
    for (const operation of ['sum', 'count', 'max', 'avg']) {
      expect(failingFields(dataProcessingInput, { data_size: 10, operation })).toEqual([]);
    }
  });
});

describe('example_long_running input', () => {
  it('defaults to 60 seconds of "Processing..."', () => {
    expect(longRunningInput.parse({})).toEqual({ duration: 60, message: 'Processing...' });
  });

  it('rejects a negative duration', () => {
    expect(failingFields(longRunningInput, { duration: -1 })).toEqual(['duration']);
  });

  it('rejects keys it does not know (strict)', () => {
    const result = longRunningInput.safeParse({ duration: 1, durration: 2 });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.code)).toEqual(['unrecognized_keys']);
    expect(result.error?.issues[0]).toMatchObject({ keys: ['durration'] });
  });
});

describe('example_error_handling input', () => {
  it('defaults fail_at_step to 1', () => {
    expect(errorHandlingInput.parse({})).toEqual({ should_fail: false, retry_count: 2, fail_at_step: 1 });
  });

  it.each([1, 2, 3])('accepts fail_at_step %i', (step) => {
    expect(failingFields(errorHandlingInput, { fail_at_step: step })).toEqual([]);
  });

  it.each([0, 4, 1.5])('rejects fail_at_step %s', (step) => {
    expect(failingFields(errorHandlingInput, { fail_at_step: step })).toEqual(['fail_at_step']);
  });
});

describe('example_approval input', () => {
  it('requires a subject, and defaults to waiting an hour, then rejecting', () => {
    expect(failingFields(approvalInput, {})).toEqual(['subject']);
    expect(approvalInput.parse({ subject: 'Release 1.2' })).toEqual({ subject: 'Release 1.2', timeout: 3600, on_timeout: 'reject' });
  });

  it('waits between 1 second and 7 days, in whole seconds', () => {
    expect(failingFields(approvalInput, { subject: 's', timeout: 1 })).toEqual([]);
    expect(failingFields(approvalInput, { subject: 's', timeout: 7 * 24 * 3600 })).toEqual([]);
    for (const timeout of [0, 7 * 24 * 3600 + 1, 1.5, '60']) {
      expect(failingFields(approvalInput, { subject: 's', timeout }), String(timeout)).toEqual(['timeout']);
    }
  });

  it('rejects an empty or over-long subject, an unknown on_timeout and unknown keys', () => {
    expect(failingFields(approvalInput, { subject: '' })).toEqual(['subject']);
    expect(failingFields(approvalInput, { subject: 'x'.repeat(501) })).toEqual(['subject']);
    expect(failingFields(approvalInput, { subject: 's', on_timeout: 'escalate' })).toEqual(['on_timeout']);
    expect(failingFields(approvalInput, { subject: 's', timout: 5 })).toEqual(['']);
  });
});

describe('decision signal payload', () => {
  it('takes approved and reviewer, and an optional comment', () => {
    expect(decisionPayload.parse({ approved: false, reviewer: 'ana' })).toEqual({ approved: false, reviewer: 'ana' });
    expect(decisionPayload.parse({ approved: true, reviewer: ' ana ', comment: 'ok' })).toEqual({ approved: true, reviewer: 'ana', comment: 'ok' });
  });

  it.each([
    [{ approved: 'yes', reviewer: 'ana' }, ['approved']],
    [{ approved: true }, ['reviewer']],
    [{ approved: true, reviewer: '  ' }, ['reviewer']],
    [{ approved: true, reviewer: 'x'.repeat(201) }, ['reviewer']],
    [{ approved: true, reviewer: 'ana', comment: 'x'.repeat(2001) }, ['comment']],
    [{ approved: true, reviewer: 'ana', approve: true }, ['']],
    [{}, ['approved', 'reviewer']],
  ])('rejects %j on %j', (payload, fields) => {
    expect(failingFields(decisionPayload, payload)).toEqual(fields);
  });
});
