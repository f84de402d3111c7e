import { useState } from 'react';
import { useSession } from '../api-context';
import { errorText } from '../format';
import { sendReviewDecision, type ReviewDecision } from '../review';

/** Approve or reject a task waiting for review, with a comment for the record; the reviewer is the signed-in caller. */
export function ReviewForm({ taskId, onDecided }: { taskId: string; onDecided: () => Promise<void> }) {
  const { api, me } = useSession();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const decide = async (decision: ReviewDecision['decision']) => {
    setBusy(true);
    setError(undefined);
    try {
      await sendReviewDecision(api, taskId, { decision, reviewer: me.name ?? 'dashboard', comment: comment.trim() || undefined });
      await onDecided();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="review" aria-labelledby="review-heading" onSubmit={(event) => event.preventDefault()}>
      <h3 id="review-heading">Review</h3>
      <p>This task waits for a decision.</p>
      <label>
        Comment
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} rows={3} />
      </label>
      <div className="buttons">
        <button type="button" disabled={busy} onClick={() => void decide('approve')}>
          Approve
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void decide('reject')}>
          Reject
        </button>
      </div>
      {error ? <p role="alert" className="error">{error}</p> : null}
    </form>
  );
}
