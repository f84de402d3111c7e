import { describe, expect, it } from 'vitest';
import { failingFields } from '../../test/helpers/failing-fields';
import { dataProcessingInput, MAX_CHUNKS } from './schema';

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
