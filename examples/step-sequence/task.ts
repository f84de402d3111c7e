import { defineTask } from 'conveyor';
import { DEFAULT_QUEUE } from '../queues';
import { stepSequenceInput, stepSequenceResult } from './schema';
import { exampleStepSequence } from './workflow';

export const exampleStepSequenceTask = defineTask({
  name: 'example_step_sequence',
  queue: DEFAULT_QUEUE,
  description: 'Runs a number of short steps one after another, each an activity; says which attempt completed each step.',
  input: stepSequenceInput,
  workflow: exampleStepSequence,
  result: stepSequenceResult,
  example: { steps: 10, step_ms: 500 },
});
