import { exampleLongRunning } from '../../workflows/example-long-running';
import { defineTask } from '../define-task';
import { LONG_RUNNING_QUEUE } from '../queues';
import { longRunningInput } from './long-running.schema';

export const exampleLongRunningTask = defineTask({
  name: 'example_long_running',
  queue: LONG_RUNNING_QUEUE,
  description: 'Simulates long-running work: one heartbeating activity that reports progress, then echoes the message.',
  input: longRunningInput,
  workflow: exampleLongRunning,
  executionTimeout: '8 days',
});
