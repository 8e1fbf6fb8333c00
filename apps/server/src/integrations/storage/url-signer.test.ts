import { describe, expect, it } from 'vitest';
import { ControllableClock } from '../../platform/clock.ts';
import { isValidKey } from './storage-keys.ts';
import { mediaUrl, UrlSigner } from './url-signer.ts';

describe('UrlSigner', () => {
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const signer = UrlSigner.fromSecret('secret', clock);

  it('expires at the end of the window plus half the TTL, and keeps one link per window', () => {
    const first = signer.sign('a/b.webp', 3600);
    const windowStart = Date.parse('2026-11-23T15:00:00Z') / 1000;
    expect(first.expires).toBe(windowStart + 3600);
    clock.advance(29 * 60_000);
    expect(signer.sign('a/b.webp', 3600)).toEqual(first);
    clock.advance(60_000);
    expect(signer.sign('a/b.webp', 3600).expires).toBe(windowStart + 1800 + 3600);
    expect(signer.verify('a/b.webp', first.expires, first.signature)).toBe('valid');
    expect(signer.secondsLeft(first.expires)).toBe(1800);
    clock.advance(31 * 60_000);
    expect(signer.verify('a/b.webp', first.expires, first.signature)).toBe('expired');
  });

  it('refuses another key, another expiry or another secret', () => {
    const link = signer.sign('a/b.webp', 3600);
    expect(signer.verify('a/c.webp', link.expires, link.signature)).toBe('invalid');
    expect(signer.verify('a/b.webp', link.expires + 1, link.signature)).toBe('invalid');
    expect(UrlSigner.fromSecret('other', clock).verify('a/b.webp', link.expires, link.signature)).toBe('invalid');
    expect(signer.verify('a/b.webp', link.expires, 'short')).toBe('invalid');
  });

  it('builds media URLs', () => {
    expect(mediaUrl('http://x', 'a/b.webp', { expires: 5, signature: 'f00' })).toBe('http://x/api/v1/media/a/b.webp?expires=5&signature=f00');
  });
});

describe('isValidKey', () => {
  it('accepts plain relative keys only', () => {
    expect(isValidKey('instructors/01JAAAAAAAAAAAAAAAAAAAAAAA/photos/01JB/96.webp')).toBe(true);
    for (const bad of ['..', '../x', 'x/..', 'x/../y', '/x', 'x/', 'x//y', '.env', 'x/.git/config', '%2e%2e/x', 'x?y', 'x#y', 'é', 'a'.repeat(600)]) {
      expect(isValidKey(bad), bad).toBe(false);
    }
  });
});
