import ipaddr from 'ipaddr.js';

/**
 * IPv4-compatible IPv6 (`::a.b.c.d`, deprecated by RFC 4291). ipaddr.js files it under `unicast`
 * once the URL parser has written it as `::7f00:1`, so it is matched here by prefix.
 */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * Why an IP address is no place to fetch from, or undefined for a public unicast address.
 * ipaddr.js names the range (`loopback`, `private`, `linkLocal`, `uniqueLocal`,
 * `carrierGradeNat`, `unspecified`, `reserved`, ...); anything but `unicast` is refused. That
 * covers the cloud metadata endpoints too: 169.254.169.254 is link-local, fd00:ec2::254 unique-local,
 * 100.100.100.200 carrier-grade NAT. An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as
 * the IPv4 address it carries. Every other IPv6 form that embeds IPv4 is refused whatever it
 * embeds: IPv4-compatible `::/96` (`ipv4Compatible`), NAT64 `64:ff9b::/96` and `64:ff9b:1::/48`
 * (`rfc6052`), SIIT `::ffff:0:0:0/96` (`rfc6145`), 6to4 `2002::/16` and Teredo `2001::/32`: each
 * can lead to an IPv4 address on the other side of a gateway, and no public page needs them.
 */
export function refusedRange(address: string): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.includes(':') ? hexIPv6(address) : address);
  } catch {
    return 'unparsable';
  }
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    // `::` and `::1` sit in ::/96 too, and keep their own names.
    else if (v6.range() === 'unicast' && v6.match(IPV4_COMPATIBLE)) return 'ipv4Compatible';
  }
  const range = parsed.range();
  return range === 'unicast' ? undefined : range;
}

/**
 * An IPv6 address written in hex groups only, as the URL parser writes it. ipaddr.js reads a
 * dotted tail after `::` (`::127.0.0.1`, the way getaddrinfo prints IPv4-compatible answers) as
 * IPv4-mapped `::ffff:127.0.0.1`, which would judge `::8.8.8.8` public; the URL parser does not.
 * Throws on what it cannot parse (a zone index, say).
 */
function hexIPv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

/** Whether a URL host (`URL.hostname`, IPv6 in brackets) is an IP literal rather than a name. */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : undefined;
}
