/** A mistake in how the CLI was called: reported in one line, exit code 2, nothing started. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
