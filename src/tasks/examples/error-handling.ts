import { exampleErrorHandling } from '../../workflows/example-error-handling';
import { defineTask } from '../define-task';
import { DEFAULT_QUEUE } from '../queues';
import { errorHandlingInput } from './error-handling.schema';

export const exampleErrorHandlingTask = defineTask({
  name: 'example_error_handling',
  queue: DEFAULT_QUEUE,
  description: 'Runs three steps; with should_fail, one step fails with a typed failure, is retried retry_count times, and the task fails.',
  input: errorHandlingInput,
  workflow: exampleErrorHandling,
  executionTimeout: '10 minutes',
});
