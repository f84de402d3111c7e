const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;

/**
 * A duration setting in milliseconds, read as Conveyor reads durations: a bare number is seconds
 * (`30`), else a unit (`1500ms`, `30s`, `10m`, `2h`, `1d`). Throws naming the variable when the
 * value is no duration or not above zero.
 */
export function durationSetting(env: NodeJS.ProcessEnv, name: string, fallback: string): number {
  const raw = env[name]?.trim() || fallback;
  const match = DURATION.exec(raw);
  const ms = match ? Number(match[1]) * UNIT_MS[(match[2] ?? 's') as keyof typeof UNIT_MS] : NaN;
  if (!(ms > 0) || !Number.isFinite(ms)) throw new Error(`${name}=${JSON.stringify(raw)} is not a duration above zero (e.g. 30s, 10m, 2h; a bare number is seconds)`);
  return Math.round(ms);
}
