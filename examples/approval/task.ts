import { decisionPayload, decisionQuery, defineTask } from 'conveyor';
import { DEFAULT_QUEUE } from '../queues';
import { approvalInput, approvalResult } from './schema';
import { exampleApproval } from './workflow';

export const exampleApprovalTask = defineTask({
  name: 'example_approval',
  queue: DEFAULT_QUEUE,
  description:
    'A human approval gate: waits up to `timeout` seconds for a review (POST /tasks/{id}/review with {"decision": "approve"|"reject", "comment"?}, or `conveyor review <id>`). The first decision wins; a later one is refused (409). With none in time, `on_timeout` decides. The `decision` query shows the pending state.',
  input: approvalInput,
  workflow: exampleApproval,
  result: approvalResult,
  example: { subject: 'Deploy release 2.4 to production', timeout: 600, on_timeout: 'reject' },
  review: decisionPayload,
  queries: [decisionQuery.name],
  // Room above the longest wait (7 days) for the task to be picked up and finish.
  executionTimeout: '8 days',
});
