/** What the built-in `noop` task returns. */
export interface NoopResult {
  ok: true;
}
