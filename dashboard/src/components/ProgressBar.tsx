import type { Progress } from '../../../src/client/answers';

/** The task's progress: a bar with its percent, the stage, and the message when there is one. */
export function ProgressBar({ progress }: { progress: Progress }) {
  return (
    <div className="progress">
      <progress max={100} value={progress.percent} aria-label={`Progress: ${progress.percent}%, ${progress.stage}`} />
      <span>
        {Math.round(progress.percent)}% · <strong>{progress.stage}</strong>
        {progress.message ? ` · ${progress.message}` : ''}
      </span>
    </div>
  );
}
