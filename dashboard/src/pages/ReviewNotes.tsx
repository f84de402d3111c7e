import type { Progress } from '../../../src/client/answers';
import { when } from '../format';
import { decisionOutcomeIn, type OnReviewTimeout } from '../review';

const AT_DEADLINE: Record<OnReviewTimeout, string> = {
  approve: 'approve automatically',
  reject: 'reject automatically',
  fail: 'fail the task',
};

/** While a task waits for review: what happens if nobody decides in time, said plainly. */
export function ReviewPolicy({ progress }: { progress: Progress }) {
  if (!progress.on_timeout) return null;
  return (
    <p className="note" aria-label="Review deadline">
      If nobody decides by {when(progress.deadline)}: {AT_DEADLINE[progress.on_timeout]}.
    </p>
  );
}

/** How a finished task's review ended, from its result: by whom, or automatically because nobody reviewed it. */
export function ReviewVerdict({ result }: { result: unknown }) {
  const outcome = decisionOutcomeIn(result);
  if (!outcome) return null;
  const verdict = outcome.approved ? 'approved' : 'rejected';
  if (outcome.decided_by === 'timeout') return <p aria-label="Review outcome">{`${capitalized(verdict)} automatically: nobody reviewed it.`}</p>;
  const behalf = outcome.on_behalf_of ? ` on behalf of ${outcome.on_behalf_of}` : '';
  return <p aria-label="Review outcome">{`${capitalized(verdict)} by ${outcome.reviewer ?? 'a reviewer'}${behalf}.`}</p>;
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
