import { describe, expect, it } from 'vitest';
import { divergenceReason } from './divergence-reason';

describe('divergenceReason', () => {
  it("keeps core's one-line reason, which names the divergent command, out of the SDK's wrapping", () => {
    // As the SDK 1.24 replayer reports a workflow that starts a timer where its history scheduled an activity.
    const message =
      'Replay failed with a nondeterminism error. This means that the workflow code as written is not compatible with the history that was fed in. Details: Workflow activation completion failed: Failure { failure: Some(Failure { message: "[TMPRL1100] Nondeterminism error: Timer machine does not handle this event: HistoryEvent(id: 6, ActivityTaskScheduled)", source: "", stack_trace: "", encoded_attributes: None, cause: None, failure_info: Some(ApplicationFailureInfo(ApplicationFailureInfo { r#type: "", non_retryable: false, details: None, next_retry_delay: None, category: Unspecified })) }), force_cause: NonDeterministicError }';
    expect(divergenceReason(message)).toBe('[TMPRL1100] Nondeterminism error: Timer machine does not handle this event: HistoryEvent(id: 6, ActivityTaskScheduled)');
  });

  it('unescapes quotes inside the reason', () => {
    expect(divergenceReason('Details: Failure { message: "no \\"exampleGone\\" workflow", source: "" }')).toBe('no "exampleGone" workflow');
  });

  it('keeps a message without a wrapped reason whole', () => {
    expect(divergenceReason('Workflow type not found')).toBe('Workflow type not found');
  });
});
