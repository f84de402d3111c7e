import { describe, expect, it } from 'vitest';
import { failingFields } from '../../test/helpers/failing-fields';
import { fireAndForgetInput } from './schema';

describe('fire_and_forget input', () => {
  it.each([0, 1, 86_400])('accepts %i seconds', (seconds) => {
    expect(failingFields(fireAndForgetInput, { seconds })).toEqual([]);
  });

  it.each([-1, 1.5, 86_401, '10'])('refuses %j seconds', (seconds) => {
    expect(failingFields(fireAndForgetInput, { seconds })).toEqual(['seconds']);
  });

  it('requires seconds', () => {
    expect(failingFields(fireAndForgetInput, {})).toEqual(['seconds']);
  });
});
