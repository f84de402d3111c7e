import { defineTask } from 'conveyor';
import { DEFAULT_QUEUE } from '../queues';
import { errorHandlingInput, errorHandlingResult } from './schema';
import { exampleErrorHandling } from './workflow';

export const exampleErrorHandlingTask = defineTask({
  name: 'example_error_handling',
  queue: DEFAULT_QUEUE,
  description: 'Runs three steps; with should_fail, one step fails with a typed failure, is retried retry_count times, and the task fails.',
  input: errorHandlingInput,
  workflow: exampleErrorHandling,
  result: errorHandlingResult,
  example: { should_fail: true, retry_count: 2, fail_at_step: 2 },
  executionTimeout: '10 minutes',
});
