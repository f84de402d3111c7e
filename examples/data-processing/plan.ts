import type { Chunk, ChunkResult, DataProcessingParams, Operation } from './schema';

/** Splits the task's data into chunks: slices of the given numbers, or ranges of 1..data_size. */
export function planChunks(params: DataProcessingParams): Chunk[] {
  const chunks: Chunk[] = [];
  const size = params.chunk_size;
  if (params.data !== undefined) {
    for (let start = 0; start < params.data.length; start += size) {
      chunks.push({ index: chunks.length, items: params.data.slice(start, start + size) });
    }
    return chunks;
  }
  const total = params.data_size ?? 0;
  for (let from = 1; from <= total; from += size) {
    chunks.push({ index: chunks.length, from, to: Math.min(from + size - 1, total) });
  }
  return chunks;
}

/** Combines per-chunk results into the task's answer; averages weigh each chunk by its size. */
export function combineChunks(operation: Operation, results: ChunkResult[]): number {
  switch (operation) {
    case 'sum':
      return results.reduce((total, r) => total + r.sum, 0);
    case 'count':
      return results.reduce((total, r) => total + r.items, 0);
    case 'max':
      return results.reduce((max, r) => Math.max(max, r.result), -Infinity);
    case 'avg': {
      const items = results.reduce((total, r) => total + r.items, 0);
      return results.reduce((total, r) => total + r.sum, 0) / items;
    }
  }
}
