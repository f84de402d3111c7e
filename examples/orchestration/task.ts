import { defineTask } from 'conveyor';
import { DEFAULT_QUEUE } from '../queues';
import { orchestrationInput, orchestrationResult } from './schema';
import { orchestration } from './workflow';

export const orchestrationTask = defineTask({
  name: 'orchestration',
  queue: DEFAULT_QUEUE,
  description: 'Coordinates child workflows: adds one to the first value, doubles the others in parallel, sums everything ([1,2,3] gives 12).',
  input: orchestrationInput,
  workflow: orchestration,
  result: orchestrationResult,
  example: { values: [1, 2, 3] },
  executionTimeout: '10 minutes',
});
