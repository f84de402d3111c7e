import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../../../config';
import { refuseShortSecrets } from './secret-length';

const SHORT = { key: 'tiny-key-1', password: 'pw-123' };
const LONG = 'a-long-enough-secret-0123456789';

describe('refuseShortSecrets', () => {
  const check = (host: string) => {
    const lines: string[] = [];
    const api = loadSettings({ CONVEYOR_API_HOST: host, CONVEYOR_AUTH: 'keys', CONVEYOR_API_KEYS: `ci:admin:${SHORT.key},ok:viewer:${LONG}`, CONVEYOR_USERS: `carol:submitter:${SHORT.password}` }).api;
    let error: unknown;
    try {
      refuseShortSecrets(api, pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) }));
    } catch (caught) {
      error = caught;
    }
    return { error, lines };
  };

  it.each(['0.0.0.0', '::', '10.0.0.5', 'api.example.com'])('refuses keys and passwords under 16 characters on %s, naming the setting and the entry, never the secret', (host) => {
    const { error } = check(host);
    expect(error).toBeInstanceOf(SettingsError);
    const message = (error as SettingsError).message;
    expect(message).toContain('CONVEYOR_API_KEYS: the key of "ci" is shorter than 16 characters');
    expect(message).toContain('CONVEYOR_USERS: the password of "carol" is shorter than 16 characters');
    expect(message).not.toContain('"ok"');
    expect(message).not.toContain(SHORT.key);
    expect(message).not.toContain(SHORT.password);
  });

  it.each(['127.0.0.1', '::1', 'localhost'])('only warns, once, on %s', (host) => {
    const { error, lines } = check(host);
    expect(error).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('CONVEYOR_API_KEYS: the key of \\"ci\\"');
    expect(lines[0]).not.toContain(SHORT.key);
    expect(lines[0]).not.toContain(SHORT.password);
  });

  it('says nothing of secrets of 16 characters or more', () => {
    const api = loadSettings({ CONVEYOR_API_HOST: '0.0.0.0', CONVEYOR_AUTH: 'keys', CONVEYOR_API_KEYS: `ci:admin:${'x'.repeat(16)}` }).api;
    const lines: string[] = [];
    expect(() => refuseShortSecrets(api, pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) }))).not.toThrow();
    expect(lines).toEqual([]);
  });
});
