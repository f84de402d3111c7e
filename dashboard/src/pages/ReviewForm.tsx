import { useId, useState } from 'react';
import { useSession } from '../api-context';
import { errorText } from '../format';
import { sendReviewDecision, type ReviewDecision } from '../review';

/**
 * Approve or reject a task waiting for review, with a comment for the record; the API records the
 * signed-in caller as the reviewer. When the draft has a summary (web_page_review's), it can be
 * edited: an edit goes with Approve and replaces the draft's.
 */
export function ReviewForm({ taskId, summary, onDecided }: { taskId: string; summary?: string; onDecided: () => Promise<void> }) {
  const { api } = useSession();
  const [comment, setComment] = useState('');
  const [edited, setEdited] = useState(summary ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const summaryHint = useId();
  // Only a real edit is sent: the draft as it stands is what approving means anyway.
  const editedSummary = summary !== undefined && edited.trim() !== '' && edited.trim() !== summary.trim() ? edited.trim() : undefined;
  const decide = async (decision: ReviewDecision['decision']) => {
    setBusy(true);
    setError(undefined);
    try {
      const extra = decision === 'approve' && editedSummary ? { summary: editedSummary } : {};
      await sendReviewDecision(api, taskId, { decision, ...(comment.trim() ? { comment: comment.trim() } : {}), ...extra });
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
      {summary !== undefined ? (
        <label>
          Summary (optional edit, sent with Approve)
          <textarea value={edited} onChange={(e) => setEdited(e.target.value)} rows={5} aria-describedby={summaryHint} />
          <span id={summaryHint} className="note">
            {editedSummary ? 'Approve replaces the draft summary with this text.' : 'The draft summary, as the task wrote it.'}
          </span>
        </label>
      ) : null}
      <label>
        Comment
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} rows={3} />
      </label>
      <div className="buttons">
        <button type="button" disabled={busy} onClick={() => void decide('approve')}>
          {editedSummary ? 'Approve with edited summary' : 'Approve'}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void decide('reject')}>
          Reject
        </button>
      </div>
      {error ? <p role="alert" className="error">{error}</p> : null}
    </form>
  );
}
