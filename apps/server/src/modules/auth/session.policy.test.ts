import { describe, expect, it } from 'vitest';
import { decideRefresh, deviceLabel, ROTATION_GRACE_MS } from './session.policy.ts';

const now = new Date('2026-11-23T15:00:00Z');
const live = { revokedAt: null, expiresAt: new Date('2026-12-23T15:00:00Z') };

describe('refresh decisions', () => {
  it('rotates a fresh token of a live session', () => {
    expect(decideRefresh({ rotatedAt: null }, live, now)).toEqual({ action: 'rotate' });
  });

  it('rejects unknown tokens, revoked and expired sessions', () => {
    expect(decideRefresh(undefined, undefined, now)).toEqual({ action: 'reject', reason: 'unknown' });
    expect(decideRefresh({ rotatedAt: null }, { ...live, revokedAt: now }, now)).toEqual({ action: 'reject', reason: 'revoked' });
    expect(decideRefresh({ rotatedAt: null }, { ...live, expiresAt: now }, now)).toEqual({ action: 'reject', reason: 'expired' });
  });

  it('answers a rotated token within the grace period (parallel tabs) with its successor, and revokes after it', () => {
    const justRotated = { rotatedAt: new Date(now.getTime() - ROTATION_GRACE_MS) };
    expect(decideRefresh(justRotated, live, now)).toEqual({ action: 'resend_successor' });
    const longAgo = { rotatedAt: new Date(now.getTime() - ROTATION_GRACE_MS - 1) };
    expect(decideRefresh(longAgo, live, now)).toEqual({ action: 'revoke_session', reason: 'reuse_detected' });
  });

  it('a revoked session stays rejected even for a reused token', () => {
    expect(decideRefresh({ rotatedAt: new Date(0) }, { ...live, revokedAt: now }, now)).toEqual({ action: 'reject', reason: 'revoked' });
  });
});

describe('device labels', () => {
  it.each([
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 'Safari on macOS'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36', 'Chrome on Windows'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0', 'Edge on Windows'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox on Linux'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1', 'Safari on iPhone'],
    ['curl/8.5.0', 'API client on unknown OS'],
    ['', 'Unknown browser on unknown OS'],
  ])('%s → %s', (ua, label) => expect(deviceLabel(ua)).toBe(label));
});
