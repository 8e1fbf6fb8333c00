import { describe, expect, it } from 'vitest';
import { addressSubject, hashedSubject } from './rate-limit-subject.ts';

describe('addressSubject', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:198.51.100.1', '198.51.100.1'],
    ['2001:db8:1:2::17', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0:0::/64'],
    ['not-an-address', 'not-an-address'],
  ])('%s counts as %s', (ip, expected) => {
    expect(addressSubject(ip)).toBe(expected);
  });
});

describe('hashedSubject', () => {
  it('is stable, short and never contains the value', () => {
    const hashed = hashedSubject('email:jane@example.com');
    expect(hashed).toBe(hashedSubject('email:jane@example.com'));
    expect(hashed).not.toContain('jane');
    expect(hashed).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(hashedSubject('email:john@example.com')).not.toBe(hashed);
  });
});
