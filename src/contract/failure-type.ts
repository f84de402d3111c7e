import { ApplicationFailure, CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/workflow';

/**
 * The type of a failure as workflow code branches on it: the `type` of the ApplicationFailure
 * behind an activity or child-workflow failure (`ApplicationFailure.create({ type })` in an
 * activity, or a non-retryable failure a child raised), else `TimeoutFailure`, `CancelledFailure`
 * or `TerminatedFailure`; `undefined` for anything else. Branch on this, never on message text.
 */
export function failureTypeOf(error: unknown): string | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current instanceof ApplicationFailure && current.type) return current.type;
    if (current instanceof TimeoutFailure) return 'TimeoutFailure';
    if (current instanceof CancelledFailure) return 'CancelledFailure';
    if (current instanceof TerminatedFailure) return 'TerminatedFailure';
  }
  return undefined;
}
