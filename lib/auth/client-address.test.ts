import { describe, expect, it } from 'vitest';
import { UNKNOWN_ADDRESS, clientAddress, normalizeAddress } from '@/lib/auth/client-address';

describe('client address for throttling', () => {
  it('without a trusted proxy, takes the address Next.js recorded (the last entry)', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '192.0.2.10' }), 0)).toBe('192.0.2.10');
    expect(clientAddress({ 'x-forwarded-for': '192.0.2.10' }, 0)).toBe('192.0.2.10');
    expect(clientAddress({}, 0)).toBe(UNKNOWN_ADDRESS);
  });

  it('behind n trusted proxies, takes the n-th entry from the right and ignores what the client wrote', () => {
    const forged = { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.0.0.2' };
    expect(clientAddress(forged, 1)).toBe('10.0.0.2');
    expect(clientAddress(forged, 2)).toBe('198.51.100.7');
    expect(clientAddress({ 'x-forwarded-for': '198.51.100.7' }, 3)).toBe('198.51.100.7');
  });

  it('normalizes ports, IPv4-mapped IPv6, and counts IPv6 per /64; garbage is unknown', () => {
    expect(normalizeAddress('192.0.2.1:51234')).toBe('192.0.2.1');
    expect(normalizeAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress('[2001:db8:1:2:aaaa::1]:443')).toBe('2001:db8:1:2::/64');
    expect(normalizeAddress('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(normalizeAddress('::1')).toBe('0:0:0:0::/64');
    expect(clientAddress({ 'x-forwarded-for': 'not-an-ip' }, 0)).toBe(UNKNOWN_ADDRESS);
  });
});
