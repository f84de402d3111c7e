/**
 * Thrown when the environment holds settings that cannot work; lists every problem at once.
 * A module of its own, free of the schema library, so the CLI can recognise it without loading
 * config.ts (which re-exports it).
 */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}
