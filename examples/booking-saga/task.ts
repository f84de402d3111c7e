import { defineTask } from 'conveyor';
import { DEFAULT_QUEUE } from '../queues';
import { bookingSagaInput, bookingSagaResult } from './schema';
import { bookingSaga } from './workflow';

export const bookingSagaTask = defineTask({
  name: 'booking_saga',
  queue: DEFAULT_QUEUE,
  description:
    'Books as a saga: reserve, charge, ship. A failing step (fail_at) runs the compensations of the completed steps in reverse (refund, release), then the task fails with that step’s failure; compensation_fails makes one compensation fail too.',
  input: bookingSagaInput,
  workflow: bookingSaga,
  result: bookingSagaResult,
  example: { fail_at: 'charge' },
  executionTimeout: '1 hour',
});
