import type { Settings } from '../../../config';
import { SettingsError } from '../../../config';
import type { Logger } from '../../../log';
import { isLoopback } from '../loopback';

/** The shortest API key or password the API serves beyond loopback: short secrets fall to guessing. */
export const MIN_SECRET_LENGTH = 16;

/**
 * Refuses API keys and passwords shorter than {@link MIN_SECRET_LENGTH} characters when the API
 * listens beyond loopback (a {@link SettingsError} naming the variable and the entry, never the
 * secret); on loopback a developer's short test key only earns a warning. runApi calls it before
 * anything else.
 */
export function refuseShortSecrets(api: Settings['api'], log: Logger): void {
  if (api.auth === 'none') return;
  const short = api.credentials
    .filter((credential) => credential.secret.length < MIN_SECRET_LENGTH)
    .map((credential) => `${credential.kind === 'api-key' ? 'CONVEYOR_API_KEYS' : 'CONVEYOR_USERS'}: the ${credential.kind === 'api-key' ? 'key' : 'password'} of "${credential.name}"`);
  if (short.length === 0) return;
  if (isLoopback(api.host)) {
    log.warn(`secrets shorter than ${MIN_SECRET_LENGTH} characters (${short.join('; ')}): fine on loopback, refused when CONVEYOR_API_HOST is not a loopback address`);
    return;
  }
  throw new SettingsError(
    short.map((what) => `${what} is shorter than ${MIN_SECRET_LENGTH} characters, refused with CONVEYOR_API_HOST=${api.host} (not a loopback address); use a longer random one (openssl rand -hex 24)`),
  );
}
