/** Keys tracked at most: past it the oldest window is forgotten, so a flood of addresses or names cannot grow memory. */
const DEFAULT_MAX_KEYS = 10_000;

interface Window {
  startedAt: number;
  failures: number;
}

/**
 * Failures per key (a client address, a user name) in fixed windows: once a key has `limit`
 * failures in its window it is blocked until the window ends. Windows are kept in a Map in the
 * order they started, so the expired ones are at its front and the oldest goes first when full.
 */
export class FailureWindows {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it is not blocked. */
  blockedForMs(key: string): number {
    const window = this.current(key);
    if (!window || window.failures < this.limit) return 0;
    return window.startedAt + this.windowMs - this.now();
  }

  recordFailure(key: string): void {
    const window = this.current(key);
    if (window) {
      window.failures += 1;
      return;
    }
    this.forgetExpired();
    if (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value as string);
    this.windows.set(key, { startedAt: this.now(), failures: 1 });
  }

  /** How many keys are tracked (for tests of the bound). */
  get size(): number {
    return this.windows.size;
  }

  private current(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window && window.startedAt + this.windowMs <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private forgetExpired(): void {
    for (const [key, window] of this.windows) {
      if (window.startedAt + this.windowMs > this.now()) return;
      this.windows.delete(key);
    }
  }
}
