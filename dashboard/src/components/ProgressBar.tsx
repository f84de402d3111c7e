import type { Progress } from '../../../src/client/answers';

/** The task's progress: a bar with its percent, the stage, and the message when there is one. */
export function ProgressBar({ progress }: { progress: Progress }) {
  // Whole percents, read out as shown: a task reports 0.8333…% as readily as 1%.
  const percent = Math.round(progress.percent);
  return (
    <div className="progress">
      <progress max={100} value={progress.percent} aria-label={`Progress: ${percent}%, ${progress.stage}`} />
      <span>
        {percent}% · <strong>{progress.stage}</strong>
        {progress.message ? ` · ${progress.message}` : ''}
      </span>
    </div>
  );
}
