import { describe, expect, it } from 'vitest';
import { failingFields } from '../../test/helpers/failing-fields';
import { longRunningInput } from './schema';

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
