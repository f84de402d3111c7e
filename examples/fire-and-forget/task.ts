import { defineTask } from 'conveyor';
import { DEFAULT_QUEUE } from '../queues';
import { fireAndForgetInput, fireAndForgetResult } from './schema';
import { fireAndForget } from './workflow';

export const fireAndForgetTask = defineTask({
  name: 'fire_and_forget',
  queue: DEFAULT_QUEUE,
  description: 'Starts a child workflow that runs for `seconds`, and completes at once with its child_id; the child outlives it, even if it is cancelled or terminated.',
  input: fireAndForgetInput,
  workflow: fireAndForget,
  result: fireAndForgetResult,
  example: { seconds: 10 },
  executionTimeout: '10 minutes',
});
