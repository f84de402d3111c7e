import { describe, expect, it } from 'vitest';
import { failingFields } from '../../test/helpers/failing-fields';
import { errorHandlingInput } from './schema';

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
