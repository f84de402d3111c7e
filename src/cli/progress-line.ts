import type { Progress } from '../contract/progress';
import { WORKFLOW_TASK_FAILING_STAGE } from '../tasks/status';

/**
 * A live progress line on stderr: rewritten in place on a terminal, one line per change
 * elsewhere (logs, CI), so stdout keeps only the result. A workflow task that keeps failing is
 * said once, on a line of its own that later progress does not overwrite.
 */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): { update(progress: Progress | undefined): void; end(): void } {
  let last = '';
  let lastFailing: string | undefined;
  const clear = (): void => {
    if (stream.isTTY && last) stream.write('\r\x1b[2K');
  };
  return {
    update(progress) {
      if (progress?.stage === WORKFLOW_TASK_FAILING_STAGE) {
        // Temporal retries at growing intervals; a new attempt failing alike is not news.
        if (progress.message === lastFailing) return;
        lastFailing = progress.message;
        clear();
        stream.write(`${WORKFLOW_TASK_FAILING_STAGE}: ${progress.message ?? 'no message'}\n  the worker fails this task's workflow task; Temporal retries it until the worker or the workflow code is fixed (the worker's log has the stack)\n`);
        last = '';
        return;
      }
      const text = progress
        ? `running ${progress.percent.toFixed(0).padStart(3)}%  ${progress.stage}${progress.message ? `: ${progress.message}` : ''}`
        : 'queued: waiting for a worker';
      if (text === last) return;
      last = text;
      if (stream.isTTY) stream.write(`\r\x1b[2K${text.slice(0, (stream.columns ?? 80) - 1)}`);
      else stream.write(`${text}\n`);
    },
    end() {
      if (stream.isTTY && last) stream.write('\n');
    },
  };
}
