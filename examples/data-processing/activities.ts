import type { Chunk, ChunkResult, Operation } from './schema';

/** Applies one operation to one chunk of numbers. Pure, so it is tested without Temporal. */
export async function processChunk(input: { chunk: Chunk; operation: Operation }): Promise<ChunkResult> {
  const { chunk, operation } = input;
  const values = 'items' in chunk ? chunk.items : range(chunk.from, chunk.to);
  const sum = values.reduce((total, value) => total + value, 0);
  const result = applyOperation(operation, values, sum);
  return { chunk_index: chunk.index, items: values.length, result, sum };
}

function applyOperation(operation: Operation, values: number[], sum: number): number {
  switch (operation) {
    case 'sum':
      return sum;
    case 'count':
      return values.length;
    case 'max':
      return values.reduce((max, value) => Math.max(max, value), -Infinity);
    case 'avg':
      return sum / values.length;
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
