import { describe, expect, it } from 'vitest';
import { formatWhen } from './format.ts';

describe('formatWhen', () => {
  it('shows New York wall-clock time with the right abbreviation across daylight saving', () => {
    expect(formatWhen(new Date('2026-11-23T15:00:00Z'))).toBe('Monday, November 23, 2026 at 10:00 AM EST');
    expect(formatWhen(new Date('2026-07-04T16:30:00Z'))).toBe('Saturday, July 4, 2026 at 12:30 PM EDT');
  });
});
