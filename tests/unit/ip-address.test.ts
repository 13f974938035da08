import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.js';
import { addressSubject, canonicalIp } from '../../src/services/abuse/ip-address.js';

describe('canonicalIp', () => {
  it('gives each address the one text PostgreSQL prints for it', () => {
    expect(canonicalIp('127.0.0.2')).toBe('127.0.0.2');
    expect(canonicalIp('::ffff:7f00:2')).toBe('127.0.0.2');
    expect(canonicalIp('::ffff:127.0.0.3')).toBe('127.0.0.3');
    expect(canonicalIp('0:0:0:0:0:ffff:7f00:4f')).toBe('127.0.0.79');
    expect(canonicalIp('2001:DB8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIp('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(canonicalIp('::1')).toBe('::1');
  });

  it('refuses zone ids and what is not an address', () => {
    for (const ip of ['fe80::1%eth0', '', 'localhost', '1.2.3', '::g', '127.0.0.1/8']) expect(() => canonicalIp(ip), ip).toThrow(AppError);
  });
});

describe('addressSubject', () => {
  it('counts IPv4 by address and IPv6 by its /64', () => {
    expect(addressSubject('203.0.113.7', 64)).toBe('203.0.113.7');
    expect(addressSubject('2001:db8:1:2:aaaa::1', 64)).toBe('2001:db8:1:2::/64');
    expect(addressSubject('2001:db8:1:2:bbbb:cccc:dddd:2', 64)).toBe('2001:db8:1:2::/64');
    expect(addressSubject('2001:db8:1:3::1', 64)).toBe('2001:db8:1:3::/64');
    expect(addressSubject('2001:db8:1:2:aaaa::1', 56)).toBe('2001:db8:1::/56');
    expect(addressSubject('2001:db8:1:2:aaaa::1', 128)).toBe('2001:db8:1:2:aaaa::1');
  });
});
