import { z } from 'zod';

export const OPERATIONS = ['sum', 'count', 'max', 'avg'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Each chunk is one activity; more than this many would bloat the workflow history. */
export const MAX_CHUNKS = 1000;
/** Given data travels in activity inputs; keep it well inside Temporal's payload limits. */
export const MAX_DATA_ITEMS = 100_000;

export const dataProcessingInput = z
  .object({
    data_size: z.number().int().min(1).max(10_000_000).optional().describe('How many items: 1..data_size unless data is given'),
    chunk_size: z.number().int().min(1).default(10).describe('Items per chunk; each chunk is one activity'),
    operation: z.enum(OPERATIONS).default('sum'),
    data: z.array(z.number()).min(1).max(MAX_DATA_ITEMS).optional().describe('The numbers to process; defaults to 1..data_size'),
  })
  .strict()
  .superRefine((params, ctx) => {
    if (params.data === undefined && params.data_size === undefined) {
      ctx.addIssue({ code: 'custom', path: ['data_size'], message: 'required when data is not given' });
      return;
    }
    if (params.data !== undefined && params.data_size !== undefined && params.data_size !== params.data.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['data_size'],
        message: `is ${params.data_size} but data has ${params.data.length} items; omit data_size or make them agree`,
      });
      return;
    }
    const items = params.data?.length ?? params.data_size ?? 0;
    const chunks = Math.ceil(items / params.chunk_size);
    if (chunks > MAX_CHUNKS) {
      ctx.addIssue({
        code: 'custom',
        path: ['chunk_size'],
        message: `${items} items in chunks of ${params.chunk_size} make ${chunks} chunks; at most ${MAX_CHUNKS} are allowed, so use a chunk_size of at least ${Math.ceil(items / MAX_CHUNKS)}`,
      });
    }
  });

export type DataProcessingParams = z.output<typeof dataProcessingInput>;

/** One chunk: either given numbers or the integer range [from, to]. */
export type Chunk = { index: number; items: number[] } | { index: number; from: number; to: number };

export const chunkResult = z.object({
  chunk_index: z.number().int(),
  items: z.number().int().describe('How many numbers the chunk held'),
  result: z.number().describe('The operation applied to this chunk alone'),
  sum: z.number().describe('Kept so an average over all chunks is exact, not an average of averages'),
});

export type ChunkResult = z.input<typeof chunkResult>;

export const dataProcessingResult = z.object({
  operation: z.enum(OPERATIONS),
  total_items: z.number().int(),
  chunks_processed: z.number().int(),
  chunk_results: z.array(chunkResult),
  final_result: z.number().describe('The operation applied to all the numbers'),
});

export type DataProcessingResult = z.input<typeof dataProcessingResult>;
