import { addDays, dayEndMs, dayStartMs, isoWeekday, marketplaceDate, utcOffsetMs } from '@instainstru/marketplace-time';
import { DEFAULT_MINIMUM_NOTICE_MINUTES, mergeIntervals, type Interval } from '../availability/slots.policy.ts';
import type { DayPart, SearchWhen } from './search-parse.types.ts';
import { normalizeQuery, tokenize } from './search-text.ts';

/**
 * The search's pure rules (PRODUCT.md §4, issue 9): the time windows a "when" means, the hourly
 * price of a service, the next open starts of a result, relevance weights, cursors and the
 * relaxations offered when nothing matches. The query itself is in search.repository.ts.
 */

const MINUTE_MS = 60_000;
const STEP_MS = 15 * MINUTE_MS;
/** No window asked: the next two weeks. */
export const DEFAULT_HORIZON_DAYS = 14;
/** The widest window one search covers (a "next month" or a far date range stays bounded). */
export const MAX_HORIZON_DAYS = 56;
/** The later-days relaxation looks this many days past the window. */
export const LATER_DAYS = 7;
export const MAX_NEXT_STARTS = 3;
/** Counts of a relaxation stop here: the label says "99" at most, and counting stays cheap. */
export const RELAXATION_COUNT_CAP = 99;
/** Studio lessons reach this far from the asked place (issue 9 item 3). */
export const STUDIO_RADIUS_METERS = 3_000;
/**
 * Distances to a studio are shown and sorted rounded up to this step: the exact studio point is
 * private (PRODUCT.md §2), and a coarse distance keeps the search from pinpointing it.
 */
export const STUDIO_DISTANCE_STEP_METERS = 250;

const ceilToStep = (ms: number) => Math.ceil(ms / STEP_MS) * STEP_MS;

/** The instant a New York wall-clock time ("HH:MM", "24:00" = the next midnight) happens on a date. */
export function wallClockInstant(date: string, clock: string): number {
  if (clock === '24:00') return dayEndMs(date);
  const start = dayStartMs(date);
  const guess = start + (Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5))) * MINUTE_MS;
  // Clocks change at 02:00: past it, the day's offset differs from midnight's by the hour moved.
  return guess - (utcOffsetMs(guess) - utcOffsetMs(start));
}

const WHOLE_DAY: DayPart = { from: '00:00', to: '24:00' };

/**
 * The UTC ranges in which a lesson may start: the asked dates (default: now → 14 days), on the
 * asked weekdays and day parts in New York time, never sooner than now + minimum notice,
 * starting on quarter-hours; merged, ascending. Empty when the asked time has passed.
 */
export function searchWindows(
  when: SearchWhen | null,
  nowMs: number,
  options: { noticeMinutes?: number; horizonDays?: number } = {},
): Interval[] {
  const earliest = ceilToStep(nowMs + (options.noticeMinutes ?? DEFAULT_MINIMUM_NOTICE_MINUTES) * MINUTE_MS);
  const askedFrom = when?.from ? Date.parse(when.from) : nowMs;
  const from = ceilToStep(Math.max(askedFrom, earliest));
  const horizon = (options.horizonDays ?? DEFAULT_HORIZON_DAYS) * 24 * 60 * MINUTE_MS;
  const askedTo = when?.to ? Date.parse(when.to) : Math.max(askedFrom, nowMs) + horizon;
  const to = Math.min(askedTo, from + MAX_HORIZON_DAYS * 24 * 60 * MINUTE_MS);
  if (!(to > from)) return [];
  const days = new Set(when?.daysOfWeek ?? []);
  const parts = when && when.dayParts.length > 0 ? when.dayParts : [WHOLE_DAY];
  const windows: Interval[] = [];
  for (let date = marketplaceDate(from); dayStartMs(date) < to; date = addDays(date, 1)) {
    if (days.size > 0 && !days.has(isoWeekday(date))) continue;
    for (const part of parts) {
      const start = ceilToStep(Math.max(from, wallClockInstant(date, part.from)));
      const end = Math.min(to, wallClockInstant(date, part.to));
      if (end > start) windows.push({ start, end });
    }
  }
  return mergeIntervals(windows);
}

export interface Rate {
  durationMinutes: number;
  rateCents: number;
}

/** The priced length that sets the hourly price: 60 minutes, else the closest (the longer on a tie). */
export function referenceRate(rates: readonly Rate[]): Rate | null {
  let best: Rate | null = null;
  for (const rate of rates) {
    const distance = Math.abs(rate.durationMinutes - 60);
    const bestDistance = best ? Math.abs(best.durationMinutes - 60) : Infinity;
    if (distance < bestDistance || (distance === bestDistance && best && rate.durationMinutes > best.durationMinutes)) best = rate;
  }
  return best;
}

/** The price per hour search filters and shows: the 60-minute rate, or prorated from the closest priced length. */
export function hourlyCents(rates: readonly Rate[]): number | null {
  const rate = referenceRate(rates);
  return rate ? Math.round((rate.rateCents * 60) / rate.durationMinutes) : null;
}

export interface NextStart {
  start: string;
  durationMinutes: number;
}

/**
 * Up to `count` bookable starts inside the windows, soonest first, on the quarter-hour grid: a
 * start fits when a priced lesson (the preferred length, else the shortest that fits) ends
 * inside the same free range. Each next start leaves room for the lesson before it, so the
 * choices do not overlap.
 */
export function nextStarts(
  free: readonly Interval[],
  windows: readonly Interval[],
  durations: readonly number[],
  preferredMinutes: number,
  count = MAX_NEXT_STARTS,
): NextStart[] {
  const lengths = [...new Set(durations)].sort((a, b) => a - b);
  if (lengths.length === 0) return [];
  const starts: NextStart[] = [];
  let notBefore = -Infinity;
  for (const window of windows) {
    for (const range of free) {
      if (range.end <= window.start || range.start >= window.end) continue;
      for (let start = ceilToStep(Math.max(range.start, window.start, notBefore)); start < window.end; start += STEP_MS) {
        const room = (range.end - start) / MINUTE_MS;
        const minutes = room >= preferredMinutes && lengths.includes(preferredMinutes) ? preferredMinutes : lengths.find((length) => length <= room);
        if (minutes === undefined || room < lengths[0]!) break;
        starts.push({ start: new Date(start).toISOString(), durationMinutes: minutes });
        if (starts.length === count) return starts;
        notBefore = start + minutes * MINUTE_MS;
        start = ceilToStep(notBefore) - STEP_MS;
      }
    }
  }
  return starts;
}

/**
 * Relevance (PRODUCT.md §2 and §4), highest first: how well the service matches (a named
 * service over one of its category), keyword similarity to the headline, bio or service name,
 * nearness to the asked place, the founding instructors' boost, and how soon they can start.
 * The weights are applied in SQL (search.repository.ts) so that sorting and paging stay there.
 */
export const RELEVANCE_WEIGHTS = {
  exactService: 3,
  categoryService: 1.5,
  keywords: 2,
  /** Full weight at the place, none from NEAR_ENOUGH_METERS on. */
  nearness: 1,
  founding: 0.5,
  /** Full weight starting now, none at the end of the default horizon. */
  soonness: 0.5,
} as const;
export const NEAR_ENOUGH_METERS = 5_000;
/** Scores are compared as integers (score × this), so cursors carry exact keys. */
export const SCORE_SCALE = 1_000_000;

export type SearchSort = 'relevance' | 'price' | 'distance' | 'soonest';

/** Higher price limits to offer when nothing matches: +25% and +50%, in whole dollars. */
export function higherPriceLimits(priceMaxCents: number): number[] {
  return [1.25, 1.5].map((factor) => Math.ceil((priceMaxCents * factor) / 100) * 100);
}

/** "$110" for 11000 cents, "$72.50" for 7250. */
export function dollars(cents: number): string {
  return cents % 100 === 0 ? `$${cents / 100}` : `$${(cents / 100).toFixed(2)}`;
}

/** The day a later-days relaxation names: "tomorrow", else the weekday ("Thursday"), else the date. */
export function dayLabel(date: string, nowMs: number): string {
  const today = marketplaceDate(nowMs);
  if (date === today) return 'today';
  if (date === addDays(today, 1)) return 'tomorrow';
  const weekday = new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
  if (date <= addDays(today, 6)) return `on ${weekday}`;
  return `on ${new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' })}`;
}

/**
 * The later-days candidates: each of the LATER_DAYS dates after the window's end, with the
 * same day parts (the weekdays asked are dropped: these are other days), as a `when`.
 */
export function laterDays(when: SearchWhen | null, windowEndMs: number): Array<{ date: string; when: SearchWhen }> {
  const first = addDays(marketplaceDate(windowEndMs - 1), 1);
  return Array.from({ length: LATER_DAYS }, (_, index) => {
    const date = addDays(first, index);
    return {
      date,
      when: { from: new Date(dayStartMs(date)).toISOString(), to: new Date(dayEndMs(date)).toISOString(), daysOfWeek: [], dayParts: when?.dayParts ?? [] },
    };
  });
}

const LOCATION_PREPOSITIONS = new Set(['in', 'near', 'around']);

/**
 * The unexplained words that follow "in", "near" or "around" in the query, as phrases ("in
 * gowanus heightsy" → "heightsy" when "gowanus" was understood): what the alias learning job
 * watches for. Each phrase is the run of unresolved words right after the preposition.
 */
export function unresolvedLocationWords(query: string, unresolved: readonly string[]): string[] {
  if (unresolved.length === 0) return [];
  const unknown = new Set(unresolved);
  const tokens = tokenize(normalizeQuery(query));
  const phrases: string[] = [];
  for (let index = 0; index < tokens.length; index++) {
    if (!LOCATION_PREPOSITIONS.has(tokens[index]!)) continue;
    let end = index + 1;
    // A known word may sit between the preposition and the unknown ones ("in gowanus heightsy").
    while (end < tokens.length && !unknown.has(tokens[end]!) && !LOCATION_PREPOSITIONS.has(tokens[end]!) && end - index <= 2) end++;
    const run: string[] = [];
    while (end < tokens.length && unknown.has(tokens[end]!)) run.push(tokens[end++]!);
    if (run.length > 0 && !phrases.includes(run.join(' '))) phrases.push(run.join(' '));
  }
  return phrases;
}
