import { describe, expect, it } from 'vitest';
import { failingFields } from '../../test/helpers/failing-fields';
import { DEFAULT_CHUNKS_PER_RUN, MAX_CHUNKS, MAX_CHUNK_SIZE, MAX_LENGTH } from './limits';
import { largeDatasetInput } from './schema';

describe('process_large_dataset input', () => {
  it(`takes length and chunk_size, continuing as new every ${DEFAULT_CHUNKS_PER_RUN} chunks unless told otherwise`, () => {
    expect(largeDatasetInput.parse({ length: 450, chunk_size: 50 })).toEqual({ length: 450, chunk_size: 50, chunks_per_run: DEFAULT_CHUNKS_PER_RUN });
  });

  it('requires length and chunk_size', () => {
    expect(failingFields(largeDatasetInput, {})).toEqual(['length', 'chunk_size']);
  });

  it.each([0, -1, 1.5, MAX_LENGTH + 1, '450'])('rejects length %s', (length) => {
    expect(failingFields(largeDatasetInput, { length, chunk_size: MAX_CHUNK_SIZE })).toEqual(['length']);
  });

  it.each([0, -3, 2.5, MAX_CHUNK_SIZE + 1])('rejects chunk_size %s', (chunkSize) => {
    expect(failingFields(largeDatasetInput, { length: 10, chunk_size: chunkSize })).toEqual(['chunk_size']);
  });

  it('rejects a chunks_per_run that is no positive integer', () => {
    expect(failingFields(largeDatasetInput, { length: 10, chunk_size: 1, chunks_per_run: 0 })).toEqual(['chunks_per_run']);
  });

  it(`rejects more than ${MAX_CHUNKS} chunks, naming chunk_size and the smallest that would do`, () => {
    const result = largeDatasetInput.safeParse({ length: MAX_LENGTH, chunk_size: 1 });

    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['chunk_size']);
    expect(result.error?.issues[0]?.message).toContain(`use a chunk_size of at least ${MAX_LENGTH / MAX_CHUNKS}`);
    expect(failingFields(largeDatasetInput, { length: MAX_LENGTH, chunk_size: MAX_LENGTH / MAX_CHUNKS })).toEqual([]);
  });

  it('rejects keys it does not know (strict)', () => {
    expect(largeDatasetInput.safeParse({ length: 1, chunk_size: 1, chunksize: 2 }).error?.issues.map((issue) => issue.code)).toEqual(['unrecognized_keys']);
  });
});
