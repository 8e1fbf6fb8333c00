import { api } from '../../../api/client';
import { unwrap } from '../../../api/request';

const HOUR_MS = 60 * 60_000;

export type TravelKey = 't-24h' | 't-12h' | 'end' | 'end+24h';

export interface TravelTarget {
  key: TravelKey;
  label: string;
  /** The instant the marketplace clock is set to (ISO-8601 UTC). */
  at: string;
}

/**
 * The moments of a lesson's payment life worth jumping to: T-24 h (the authorization), T-12 h
 * (the refused card's email), the lesson's end (completion, the no-show window opens) and end +
 * 24 h (the charge and the instructor's payout). From the lesson's current times, like the timeline.
 */
export function travelTargets(lesson: { startsAt: string; endsAt: string }): TravelTarget[] {
  const start = Date.parse(lesson.startsAt);
  const end = Date.parse(lesson.endsAt);
  const iso = (ms: number) => new Date(ms).toISOString();
  return [
    { key: 't-24h', label: 'T-24 h', at: iso(start - 24 * HOUR_MS) },
    { key: 't-12h', label: 'T-12 h', at: iso(start - 12 * HOUR_MS) },
    { key: 'end', label: 'Lesson end', at: iso(end) },
    { key: 'end+24h', label: 'End + 24 h', at: iso(end + 24 * HOUR_MS) },
  ];
}

/** Sets the development clock to `at`, then runs every schedule that became due by it (the API answers what ran). */
export async function travelTo(at: string) {
  const clock = await unwrap(api.POST('/api/v1/dev/clock', { body: { set: at } }));
  const run = await unwrap(api.POST('/api/v1/dev/jobs/run-due'));
  return { clock, run };
}

export type TravelResult = Awaited<ReturnType<typeof travelTo>>;
