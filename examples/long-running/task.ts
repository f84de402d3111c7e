import { defineTask } from 'conveyor';
import { LONG_RUNNING_QUEUE } from '../queues';
import { longRunningInput, longRunningResult } from './schema';
import { exampleLongRunning } from './workflow';

export const exampleLongRunningTask = defineTask({
  name: 'example_long_running',
  queue: LONG_RUNNING_QUEUE,
  description: 'Simulates long-running work: one heartbeating activity that reports progress, then echoes the message.',
  input: longRunningInput,
  workflow: exampleLongRunning,
  result: longRunningResult,
  example: { duration: 5, message: 'Hello Temporal!' },
  executionTimeout: '8 days',
});
