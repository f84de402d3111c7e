import { defineTask } from 'conveyor';
import { LONG_RUNNING_QUEUE } from '../queues';
import { largeDatasetInput, largeDatasetResult } from './schema';
import { processLargeDataset } from './workflow';

export const processLargeDatasetTask = defineTask({
  name: 'process_large_dataset',
  queue: LONG_RUNNING_QUEUE,
  description:
    'Sums the integers 1..length in chunks of heartbeating activities; continues as new every chunks_per_run chunks (or when Temporal suggests it), carrying only a cursor and running totals.',
  input: largeDatasetInput,
  workflow: processLargeDataset,
  result: largeDatasetResult,
  example: { length: 450, chunk_size: 50, chunks_per_run: 4 },
  executionTimeout: '1 day',
});
