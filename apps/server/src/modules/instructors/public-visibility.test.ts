import { describe, expect, it } from 'vitest';
import { isPublicProfile } from './public-visibility.ts';

describe('isPublicProfile', () => {
  const approvedAt = new Date('2026-11-23T15:00:00Z');
  it('is public only when published and approved', () => {
    expect(isPublicProfile({ status: 'published', approvedAt })).toBe(true);
    expect(isPublicProfile({ status: 'published', approvedAt: null })).toBe(false);
    expect(isPublicProfile({ status: 'draft', approvedAt })).toBe(false);
    expect(isPublicProfile(null)).toBe(false);
  });
});
