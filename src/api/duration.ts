/** "5m 30s", "2h 0m", "850ms": durations as people read them. */
export function humanDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = Math.round(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}

/**
 * The shape of a duration the API reads (`30`, `1.5`, `30s`, `5 minutes`): a number and perhaps a
 * unit. For the document and a first check; the unit itself is checked where the value is read.
 */
export const DURATION_PATTERN = /^\s*(\d+|\d*\.\d+)\s*[A-Za-z]*\s*$/;
export const DURATION_PATTERN_MESSAGE = 'must be a duration such as 30s, 5m or 1h (a plain number is seconds)';
