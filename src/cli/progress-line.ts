import type { Progress } from '../contract/progress';

/**
 * A live progress line on stderr: rewritten in place on a terminal, one line per change
 * elsewhere (logs, CI), so stdout keeps only the result.
 */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): { update(progress: Progress | undefined): void; end(): void } {
  let last = '';
  return {
    update(progress) {
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
