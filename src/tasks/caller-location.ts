import { fileURLToPath } from 'node:url';

export interface SourceLocation {
  /** Absolute path of the source file (the TypeScript file when source maps are on, as under tsx). */
  file: string;
  line: number;
}

/**
 * Where the code that called the function calling this one is, read from a stack trace:
 * `defineTask` uses it to name both definitions of a duplicate, `defineConfig` to resolve paths
 * relative to the file that declares them. `undefined` when no frame can be read.
 */
export function callerLocation(): SourceLocation | undefined {
  const frames = new Error().stack?.split('\n') ?? [];
  // [0] "Error", [1] callerLocation, [2] defineTask/defineConfig, [3] their caller
  const frame = (frames[3] ?? '').trim();
  const match = /\(?((?:file:\/\/)?[^\s()]+):(\d+):\d+\)?$/.exec(frame);
  if (!match?.[1] || !match[2]) return undefined;
  const file = match[1].startsWith('file://') ? fileURLToPath(match[1]) : match[1];
  return { file, line: Number(match[2]) };
}

/** `file:line`, relative to the working folder when the file is inside it. */
export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return 'unknown location';
  const cwd = process.cwd();
  const file = location.file.startsWith(`${cwd}/`) ? location.file.slice(cwd.length + 1) : location.file;
  return `${file}:${location.line}`;
}
