import { addDays } from '@instainstru/marketplace-time';
import type { Blackout } from '../api';

export interface BlackoutRange {
  from: string;
  to: string;
  reason: string | null;
}

/** Ascending blackout dates grouped into runs of consecutive dates with the same reason. */
export function groupBlackouts(blackouts: readonly Blackout[]): BlackoutRange[] {
  const ranges: BlackoutRange[] = [];
  for (const { date, reason } of [...blackouts].sort((a, b) => a.date.localeCompare(b.date))) {
    const last = ranges.at(-1);
    if (last && addDays(last.to, 1) === date && last.reason === reason) {
      last.to = date;
    } else {
      ranges.push({ from: date, to: date, reason });
    }
  }
  return ranges;
}
