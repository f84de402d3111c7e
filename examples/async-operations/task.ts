import { defineTask } from 'conveyor';
import { DEFAULT_QUEUE } from '../queues';
import { asyncOperationsInput, asyncOperationsResult } from './schema';
import { asyncOperations } from './workflow';

export const asyncOperationsTask = defineTask({
  name: 'async_operations',
  queue: DEFAULT_QUEUE,
  description:
    'Calls a simulated service and handles its failures by type: invalid fails at once (non-retryable), flaky is retried with backoff until it succeeds, timeout falls back to another activity.',
  input: asyncOperationsInput,
  workflow: asyncOperations,
  result: asyncOperationsResult,
  example: { n: 21, mode: 'flaky' },
  executionTimeout: '10 minutes',
});
