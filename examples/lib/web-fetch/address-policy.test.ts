import { describe, expect, it } from 'vitest';
import { ipLiteral, refusedRange } from './address-policy';

/** The address a URL's host names, as safe fetching reads it: through the URL parser, then ipLiteral. */
const addressOf = (url: string) => ipLiteral(new URL(url).hostname);

describe('refusedRange', () => {
  it.each([
    ['IPv4-compatible loopback', 'http://[::127.0.0.1]/', 'ipv4Compatible'],
    ['IPv4-compatible private', 'http://[::10.0.0.1]/', 'ipv4Compatible'],
    ['IPv4-compatible public', 'http://[::8.8.8.8]/', 'ipv4Compatible'],
    ['IPv4-compatible in hex', 'http://[::7f00:1]/', 'ipv4Compatible'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/', 'loopback'],
    ['IPv4-mapped private', 'http://[::ffff:10.0.0.1]/', 'private'],
    ['IPv4-mapped metadata', 'http://[::ffff:169.254.169.254]/', 'linkLocal'],
    ['SIIT (RFC 6145) loopback', 'http://[::ffff:0:127.0.0.1]/', 'rfc6145'],
    ['NAT64 loopback', 'http://[64:ff9b::127.0.0.1]/', 'rfc6052'],
    ['NAT64 public', 'http://[64:ff9b::8.8.8.8]/', 'rfc6052'],
    ['local-use NAT64 private', 'http://[64:ff9b:1::a00:1]/', 'rfc6052'],
    ['6to4 of loopback', 'http://[2002:7f00:1::1]/', '6to4'],
    ['6to4 of a private address', 'http://[2002:a00:1::1]/', '6to4'],
    ['Teredo', 'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'teredo'],
    ['unspecified IPv6', 'http://[::]/', 'unspecified'],
    ['loopback IPv6', 'http://[::1]/', 'loopback'],
  ])('refuses %s (%s) as %s', (_name, url, range) => {
    expect(refusedRange(addressOf(url)!)).toBe(range);
  });

  it.each([
    ['::127.0.0.1', 'ipv4Compatible'],
    ['::8.8.8.8', 'ipv4Compatible'],
    ['::ffff:127.0.0.1', 'loopback'],
  ])('judges a resolver answer written with a dotted tail, %s, as %s', (address, range) => {
    expect(refusedRange(address)).toBe(range);
  });

  it.each([
    ['public IPv4', 'http://93.184.216.34/'],
    ['public IPv6', 'http://[2606:2800:220:1:248:1893:25c8:1946]/'],
    ['IPv4-mapped public', 'http://[::ffff:93.184.216.34]/'],
  ])('allows %s', (_name, url) => {
    expect(refusedRange(addressOf(url)!)).toBeUndefined();
  });

  it('refuses what is no address', () => {
    expect(refusedRange('not-an-address')).toBe('unparsable');
  });
});
