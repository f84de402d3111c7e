import { z } from 'zod';
import { MAX_CHUNKS, MAX_CHUNK_SIZE, MAX_LENGTH, DEFAULT_CHUNKS_PER_RUN, MAX_CHUNKS_PER_RUN } from './limits';

export const largeDatasetInput = z
  .object({
    length: z.number().int().min(1).max(MAX_LENGTH).describe('How many items: the integers 1..length'),
    chunk_size: z.number().int().min(1).max(MAX_CHUNK_SIZE).describe('Items per chunk; each chunk is one heartbeating activity'),
    chunks_per_run: z
      .number()
      .int()
      .min(1)
      .max(MAX_CHUNKS_PER_RUN)
      .default(DEFAULT_CHUNKS_PER_RUN)
      .describe('A run continues as new after this many chunks, or sooner when Temporal suggests it (its history grew large)'),
  })
  .strict()
  .superRefine((params, ctx) => {
    // zod runs this even when a field failed its own check; a chunk_size below 1 is reported there.
    if (params.chunk_size < 1) return;
    const chunks = Math.ceil(params.length / params.chunk_size);
    if (chunks > MAX_CHUNKS) {
      ctx.addIssue({
        code: 'custom',
        path: ['chunk_size'],
        message: `${params.length} items in chunks of ${params.chunk_size} make ${chunks} chunks; at most ${MAX_CHUNKS} are allowed, so use a chunk_size of at least ${Math.ceil(params.length / MAX_CHUNKS)}`,
      });
    }
  });

export type LargeDatasetParams = z.output<typeof largeDatasetInput>;

/**
 * What one run hands the next when it continues as new: a cursor and running totals, never the
 * items or a list that grows with them, so every run starts with an input of the same small size.
 */
export interface DatasetCursor {
  /** The run this state starts (1 for the task's first run). */
  run: number;
  /** The index of the next chunk to process. */
  next_chunk: number;
  items_processed: number;
  total: number;
}

/** One chunk: the integers from..to (inclusive), the `index`-th of `chunks`. */
export interface DatasetChunk {
  index: number;
  from: number;
  to: number;
}

export const chunkSum = z.object({
  items: z.number().int().describe('How many integers the chunk held'),
  sum: z.number().int().describe('Their sum'),
});

export type ChunkSum = z.input<typeof chunkSum>;

export const largeDatasetResult = z.object({
  length: z.number().int(),
  chunk_size: z.number().int(),
  chunks_processed: z.number().int(),
  items_processed: z.number().int(),
  total: z.number().int().describe('The sum of 1..length'),
  runs: z.number().int().describe('How many runs the task took (each continue-as-new starts one)'),
});

export type LargeDatasetResult = z.input<typeof largeDatasetResult>;
