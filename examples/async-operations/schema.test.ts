import { describe, expect, it } from 'vitest';
import { failingFields } from '../../test/helpers/failing-fields';
import { asyncOperationsInput, SERVICE_MODES } from './schema';

describe('async_operations input', () => {
  it.each(SERVICE_MODES)('accepts mode %s', (mode) => {
    expect(failingFields(asyncOperationsInput, { n: 1, mode })).toEqual([]);
  });

  it('defaults mode to ok', () => {
    expect(asyncOperationsInput.parse({ n: 3 })).toEqual({ n: 3, mode: 'ok' });
  });

  it('requires n, a non-negative integer', () => {
    expect(failingFields(asyncOperationsInput, { mode: 'ok' })).toEqual(['n']);
    expect(failingFields(asyncOperationsInput, { n: -1 })).toEqual(['n']);
    expect(failingFields(asyncOperationsInput, { n: 0.5 })).toEqual(['n']);
  });

  it('refuses an unknown mode', () => {
    expect(failingFields(asyncOperationsInput, { n: 1, mode: 'slow' })).toEqual(['mode']);
  });
});
