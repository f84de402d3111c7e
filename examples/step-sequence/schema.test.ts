import { describe, expect, it } from 'vitest';
import { failingFields } from '../../test/helpers/failing-fields';
import { MAX_SEQUENCE_STEPS } from './limits';
import { stepSequenceInput } from './schema';

describe('example_step_sequence input', () => {
  it('defaults to 10 steps of half a second', () => {
    expect(stepSequenceInput.parse({})).toEqual({ steps: 10, step_ms: 500 });
  });

  it.each([0, MAX_SEQUENCE_STEPS + 1, 2.5])('rejects steps %s', (steps) => {
    expect(failingFields(stepSequenceInput, { steps })).toEqual(['steps']);
  });

  it.each([-1, 60_001])('rejects step_ms %s', (stepMs) => {
    expect(failingFields(stepSequenceInput, { step_ms: stepMs })).toEqual(['step_ms']);
  });
});
