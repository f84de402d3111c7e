import ipaddr from 'ipaddr.js';

/**
 * Why an IP address is no place to fetch from, or undefined for a public unicast address.
 * ipaddr.js names the range (`loopback`, `private`, `linkLocal`, `uniqueLocal`,
 * `carrierGradeNat`, `unspecified`, `reserved`, ...); anything but `unicast` is refused. That
 * covers the cloud metadata endpoints too: 169.254.169.254 is link-local, fd00:ec2::254 unique-local,
 * 100.100.100.200 carrier-grade NAT. An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as
 * the IPv4 address it carries; other IPv6 forms that embed IPv4 (NAT64, 6to4, Teredo) are refused.
 */
export function refusedRange(address: string): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return 'unparsable';
  }
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === 'unicast' ? undefined : range;
}

/** Whether a URL host (`URL.hostname`, IPv6 in brackets) is an IP literal rather than a name. */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : undefined;
}
