import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { readWorkflowTaskFailure } from './workflow-task-failure';

const { EventType, WorkflowTaskFailedCause, TimeoutType } = temporal.api.enums.v1;
type Event = temporal.api.history.v1.IHistoryEvent;

/** A client whose history reads answer `pages` (newest events first), counting the reads. */
function clientReading(pages: Event[][]): Client & { reads: () => number } {
  let reads = 0;
  const workflowService = {
    getWorkflowExecutionHistoryReverse: async () => {
      const events = pages[reads] ?? [];
      reads++;
      return { history: { events }, nextPageToken: reads < pages.length ? new Uint8Array([reads]) : new Uint8Array() };
    },
  };
  // Only the history read is used: a connection with just that service stands in for a real one.
  const client = new Client({ connection: { workflowService } as never, namespace: 'default' });
  return Object.assign(client, { reads: () => reads });
}

const described = (attempt: number | undefined) => ({
  workflowId: 'task-1',
  runId: 'run-1',
  raw: { pendingWorkflowTask: attempt === undefined ? null : { attempt } } as never,
});

const failed = (message: string, stackTrace: string, cause = WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE): Event => ({
  eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
  // protobufjs takes plain numbers for int64 fields as well as Longs.
  eventTime: { seconds: 1_800_000_000, nanos: 500_000_000 } as unknown as Event['eventTime'],
  workflowTaskFailedEventAttributes: { cause, failure: { message, stackTrace, source: 'TypeScriptSDK' } },
});

describe('readWorkflowTaskFailure', () => {
  it('reads nothing for a task without a retried workflow task', async () => {
    const client = clientReading([]);
    expect(await readWorkflowTaskFailure(client, described(undefined))).toBeUndefined();
    expect(await readWorkflowTaskFailure(client, described(1))).toBeUndefined();
    expect(client.reads()).toBe(0);
  });

  it("reports the recorded failure with Temporal's cause, the thrown class from its stack, and the current attempt", async () => {
    const client = clientReading([
      [{ eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED }],
      [failed('boom', 'bundle.js:1\n  throw e;\n\nTypeError: boom\n    at wf (workflows.ts:6:8)'), { eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED }],
    ]);
    expect(await readWorkflowTaskFailure(client, described(4))).toEqual({
      attempt: 4,
      cause: 'workflow_worker_unhandled_failure',
      failure: { type: 'TypeError', message: 'boom', causes: [] },
      failed_at: '2027-01-15T08:00:00.500Z',
    });
    expect(client.reads()).toBe(2);
  });

  it('stops at the last completed workflow task: a failure before it is history', async () => {
    const client = clientReading([[{ eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED }, failed('old', '')]]);
    expect(await readWorkflowTaskFailure(client, described(2))).toMatchObject({ cause: 'unspecified', failure: { type: 'Unknown' } });
  });

  it('names a workflow task that timed out', async () => {
    const client = clientReading([
      [{ eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, workflowTaskTimedOutEventAttributes: { timeoutType: TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE } }],
    ]);
    const failure = await readWorkflowTaskFailure(client, described(3));
    expect(failure).toMatchObject({ attempt: 3, cause: 'timed_out', failure: { type: 'TimeoutFailure' } });
    expect(failure?.failure.message).toContain('start_to_close');
  });
});
