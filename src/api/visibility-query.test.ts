import { describe, expect, it } from 'vitest';
import { reversedTaskId } from '../contract/search-attributes';
import { taskIdMatchQuery } from './visibility-query';

describe('taskIdMatchQuery', () => {
  it('matches the fragment as a prefix of the id and, reversed, as a prefix of the reversed id', () => {
    expect(taskIdMatchQuery('noop-3fa9', undefined)).toBe(
      `(WorkflowId STARTS_WITH 'noop-3fa9' OR ConveyorReversedTaskId STARTS_WITH '9af3-poon') AND ConveyorTaskName IS NOT NULL AND ExecutionStatus != 'ContinuedAsNew'`,
    );
  });

  it("keeps to one submitter's tasks when given one, and quotes every value", () => {
    expect(taskIdMatchQuery("o'b", "al'ice")).toBe(
      `(WorkflowId STARTS_WITH 'o\\'b' OR ConveyorReversedTaskId STARTS_WITH 'b\\'o') AND ConveyorTaskName IS NOT NULL AND ExecutionStatus != 'ContinuedAsNew' AND ConveyorSubmitter = 'al\\'ice'`,
    );
  });
});

describe('reversedTaskId', () => {
  it('reverses by code point, so characters outside the BMP survive', () => {
    expect(reversedTaskId('task-é🙂')).toBe('🙂é-ksat');
    expect(reversedTaskId(reversedTaskId('a🙂b'))).toBe('a🙂b');
  });
});
