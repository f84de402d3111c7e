import type { DatasetChunk, LargeDatasetParams } from './schema';

/** How many chunks 1..length makes. */
export function chunkCount(params: Pick<LargeDatasetParams, 'length' | 'chunk_size'>): number {
  return Math.ceil(params.length / params.chunk_size);
}

/** The `index`-th chunk of 1..length: computed from the cursor, never a stored list. */
export function chunkAt(params: Pick<LargeDatasetParams, 'length' | 'chunk_size'>, index: number): DatasetChunk {
  const from = index * params.chunk_size + 1;
  return { index, from, to: Math.min(from + params.chunk_size - 1, params.length) };
}

/** The stage a task reports while it processes a chunk: `chunk 3 of 5, run 2` (chunks counted from 1 across runs). */
export function chunkStage(index: number, chunks: number, run: number): string {
  return `chunk ${index + 1} of ${chunks}, run ${run}`;
}
