import { isIP } from 'node:net';
import { AppError } from '../../errors/app-error.js';

const notAnAddress = (ip: string) => new AppError('BAD_REQUEST', { message: `Not an IP address: ${ip.slice(0, 64)}`, reason: 'invalid ip' });

// An IPv4 address written as IPv6 (`::ffff:7f00:1`, once compressed by the URL parser).
const IPV4_MAPPED = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * The one text of an address, as PostgreSQL's `inet` prints it: IPv4 dotted (an
 * IPv4-mapped IPv6 address becomes its IPv4 address), IPv6 lower-case and compressed the
 * RFC 5952 way. Zone ids (`fe80::1%eth0`) and anything else are BAD_REQUEST.
 */
export function canonicalIp(ip: string): string {
  if (ip.includes('%') || isIP(ip) === 0) throw notAnAddress(ip);
  if (isIP(ip) === 4) return ip;
  // The WHATWG URL parser compresses IPv6 exactly as RFC 5952 says (and PostgreSQL prints).
  const compressed = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  const mapped = IPV4_MAPPED.exec(compressed);
  if (!mapped) return compressed;
  const [high, low] = [Number.parseInt(mapped[1]!, 16), Number.parseInt(mapped[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** An IPv6 address's eight 16-bit groups. */
function groupsOf(ipv6: string): number[] {
  const [head = '', tail] = ipv6.split('::');
  const parse = (part: string) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * Who budgets and bans count by: an IPv4 address itself, and for IPv6 its network of
 * `ipv6Prefix` bits (`2001:db8:1:2::/64`), since one client commonly holds a whole /64.
 * `ip` must be canonical (see {@link canonicalIp}).
 */
export function addressSubject(ip: string, ipv6Prefix: number): string {
  if (isIP(ip) === 4 || ipv6Prefix >= 128) return ip;
  const groups = groupsOf(ip).map((group, index) => {
    const bitsKept = Math.min(16, Math.max(0, ipv6Prefix - index * 16));
    return bitsKept === 0 ? 0 : group & (0xffff << (16 - bitsKept)) & 0xffff;
  });
  return `${canonicalIp(groups.map((group) => group.toString(16)).join(':'))}/${ipv6Prefix}`;
}
