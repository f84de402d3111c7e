/** A config that cannot be found, loaded or used: one line, exit code 2, nothing started. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
