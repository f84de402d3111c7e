import { describe, expect, it } from 'vitest';
import { describeBatchFilter, parseBatchFilter } from './batch-filter';
import { UsageError } from './usage-error';

describe('parseBatchFilter', () => {
  it('reads key=value pairs, comma-separated or repeated, and keeps a status list whole', () => {
    expect(parseBatchFilter(['status=failed,timed_out,task-name=send_email', 'failure_type=StepFailed'])).toEqual({
      status: 'failed,timed_out',
      task_name: 'send_email',
      failure_type: 'StepFailed',
    });
  });

  it('refuses an unknown key, a key given twice, a part without a key and an empty filter, naming the problem', () => {
    expect(() => parseBatchFilter(['colour=red'])).toThrow(new UsageError('--filter: unknown key "colour" (keys: status, task_name, queue, submitter, schedule_id, created_after, created_before, failure_type)'));
    expect(() => parseBatchFilter(['queue=a', 'queue=b'])).toThrow('--filter: queue is given twice');
    expect(() => parseBatchFilter(['failed'])).toThrow('--filter: "failed" is not key=value');
    expect(() => parseBatchFilter(['queue='])).toThrow('--filter: queue has no value');
    expect(() => parseBatchFilter([])).toThrow('--filter: name at least one of');
  });

  it('shows a filter back as the user typed it', () => {
    expect(describeBatchFilter({ status: 'failed', task_name: 'x' })).toBe('status=failed task_name=x');
  });
});
