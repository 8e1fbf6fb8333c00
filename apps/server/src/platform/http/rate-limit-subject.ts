import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * Who a limit counts against, as it appears in a store key.
 *
 * IPv4 addresses count one by one. An IPv6 subscriber usually holds a whole /64 and can rotate
 * through it at will, so IPv6 counts by /64. A dual-stack socket reports IPv4 clients as
 * `::ffff:a.b.c.d`; that is the IPv4 address, and counts as such.
 */
export function addressSubject(ip: string): string {
  if (isIPv4(ip)) return ip;
  const withoutZone = ip.split('%')[0] ?? ip;
  if (!isIPv6(withoutZone)) return ip;
  const groups = ipv6Groups(withoutZone);
  if (!groups) return ip;
  const isV4Mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (isV4Mapped) return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const octets = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((octets[0]! << 8) | octets[1]!).toString(16)}:${((octets[2]! << 8) | octets[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
  const groups = [...head, ...Array<number>(Math.max(missing, 0)).fill(0), ...rest];
  return groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : null;
}

/**
 * A subject a route computed itself (an email, a phone number…). Store keys never hold it in
 * clear: Redis is not where personal data should be readable.
 */
export function hashedSubject(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 32);
}
