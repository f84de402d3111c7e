import { describe, expect, it } from 'vitest';
import { isAllowedHost, parseAllowHosts } from './allow-hosts';
import { parseWebFetchSettings } from './settings';

describe('page-fetching settings', () => {
  it('have defaults', () => {
    expect(parseWebFetchSettings({})).toEqual({
      allowHosts: [],
      onlyAllowedHosts: false,
      connectTimeoutMs: 5000,
      totalTimeoutMs: 20000,
      maxBytes: 2097152,
      maxRedirects: 5,
      textBudget: 12000,
    });
  });

  it('read durations as Conveyor does (a bare number is seconds)', () => {
    expect(parseWebFetchSettings({ CONVEYOR_FETCH_CONNECT_TIMEOUT: '2', CONVEYOR_FETCH_TIMEOUT: '1500ms' })).toMatchObject({ connectTimeoutMs: 2000, totalTimeoutMs: 1500 });
  });

  it('list every wrong variable at once', () => {
    expect(() =>
      parseWebFetchSettings({ CONVEYOR_FETCH_TIMEOUT: 'soon', CONVEYOR_FETCH_MAX_BYTES: '0', CONVEYOR_FETCH_MAX_REDIRECTS: '-1', CONVEYOR_FETCH_ALLOW_HOSTS: 'a b' }),
    ).toThrow(/CONVEYOR_FETCH_ALLOW_HOSTS.*; CONVEYOR_FETCH_TIMEOUT.*; CONVEYOR_FETCH_MAX_BYTES.*; CONVEYOR_FETCH_MAX_REDIRECTS/);
  });

  it('read CONVEYOR_FETCH_ONLY_ALLOWED_HOSTS as true or false, nothing else', () => {
    expect(parseWebFetchSettings({ CONVEYOR_FETCH_ONLY_ALLOWED_HOSTS: 'true' }).onlyAllowedHosts).toBe(true);
    expect(() => parseWebFetchSettings({ CONVEYOR_FETCH_ONLY_ALLOWED_HOSTS: 'yes' })).toThrow(/CONVEYOR_FETCH_ONLY_ALLOWED_HOSTS: "yes" is neither true nor false/);
  });

  it('allow zero redirects', () => {
    expect(parseWebFetchSettings({ CONVEYOR_FETCH_MAX_REDIRECTS: '0' }).maxRedirects).toBe(0);
  });
});

describe('CONVEYOR_FETCH_ALLOW_HOSTS', () => {
  const allowed = parseAllowHosts('127.0.0.1:8080, Fixture.Test ,[::1]:9000,[fd00::1],plain.test:80');

  it('parses host and host:port entries, IPv6 in brackets, case-insensitively', () => {
    expect(allowed).toEqual([
      { host: '127.0.0.1', port: 8080 },
      { host: 'fixture.test' },
      { host: '[::1]', port: 9000 },
      { host: '[fd00::1]' },
      { host: 'plain.test', port: 80 },
    ]);
  });

  it.each([
    ['http://127.0.0.1:8080/x', true],
    ['http://127.0.0.1:8081/x', false],
    ['http://127.0.0.1/x', false],
    ['https://fixture.test:1234/', true],
    ['http://FIXTURE.test/', true],
    ['http://sub.fixture.test/', false],
    ['http://[::1]:9000/', true],
    ['http://[::1]:9001/', false],
    ['http://[fd00::1]:1/', true],
    ['http://plain.test/', true],
    ['https://plain.test/', false],
  ])('%s allowed: %s', (url, expected) => {
    expect(isAllowedHost(new URL(url), allowed)).toBe(expected);
  });

  it.each([['user@host'], ['host/path'], ['host:notaport'], ['a b']])('refuses the entry %s', (entry) => {
    expect(() => parseAllowHosts(entry)).toThrow(entry);
  });
});
