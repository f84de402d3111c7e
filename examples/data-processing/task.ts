import { defineTask } from 'conveyor';
import { DEFAULT_QUEUE } from '../queues';
import { dataProcessingInput, dataProcessingResult } from './schema';
import { exampleDataProcessing } from './workflow';

export const exampleDataProcessingTask = defineTask({
  name: 'example_data_processing',
  queue: DEFAULT_QUEUE,
  description: 'Processes numbers in chunks, in parallel activities with a bounded fan-out (sum, count, max or avg).',
  input: dataProcessingInput,
  workflow: exampleDataProcessing,
  result: dataProcessingResult,
  example: { data_size: 100, chunk_size: 10, operation: 'avg' },
  executionTimeout: '1 hour',
});
