import { describe, expect, it } from 'vitest';
import { failingFields } from '../../test/helpers/failing-fields';
import { approvalInput } from './schema';

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
