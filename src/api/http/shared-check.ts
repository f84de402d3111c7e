/**
 * A yes/no check that costs a remote call (is Temporal reachable?), answered from one call for
 * `freshMs` after it ends, and shared by every caller while it runs: however often a probe or a
 * crowd asks, the remote side sees at most one call per `freshMs`.
 */
export class SharedCheck {
  private last: { at: number; ok: boolean } | undefined;
  private running: Promise<boolean> | undefined;

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly freshMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  passes(): Promise<boolean> {
    if (this.last && this.now() - this.last.at < this.freshMs) return Promise.resolve(this.last.ok);
    this.running ??= this.probe().then(
      () => this.settle(true),
      () => this.settle(false),
    );
    return this.running;
  }

  private settle(ok: boolean): boolean {
    this.last = { at: this.now(), ok };
    this.running = undefined;
    return ok;
  }
}
