import { describe, expect, it } from 'vitest';
import { failingFields } from '../../test/helpers/failing-fields';
import { MAX_VALUE, MAX_VALUES } from './limits';
import { orchestrationInput } from './schema';

describe('orchestration input', () => {
  it('accepts non-negative integers, one at least', () => {
    expect(failingFields(orchestrationInput, { values: [1, 2, 3] })).toEqual([]);
    expect(failingFields(orchestrationInput, { values: [0] })).toEqual([]);
  });

  it('refuses an empty list, naming values', () => {
    expect(failingFields(orchestrationInput, { values: [] })).toEqual(['values']);
    expect(failingFields(orchestrationInput, {})).toEqual(['values']);
  });

  it.each([[[-1]], [[1.5]], [['2']], [[MAX_VALUE + 1]]])('refuses %j, naming the value', (values) => {
    expect(failingFields(orchestrationInput, { values })).toEqual(['values.0']);
  });

  it('refuses more values than it starts children for', () => {
    expect(failingFields(orchestrationInput, { values: Array.from({ length: MAX_VALUES + 1 }, () => 1) })).toEqual(['values']);
  });

  it('refuses unknown fields', () => {
    expect(failingFields(orchestrationInput, { values: [1], extra: true })).toEqual(['']);
  });
});
