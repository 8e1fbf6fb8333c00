import {
  addDays,
  dayStartMs,
  isDate,
  isoWeekday,
  marketplaceDate,
  mondayOf,
} from '@instainstru/marketplace-time';
import type { DayPart, SearchWhen } from './search-parse.types.ts';

/**
 * "When" for the fast search parser: the words ("tomorrow", "weekday evenings") arrive through
 * the vocabulary (so typos are forgiven), the numbers ("after 5pm", "dec 12", "12/12") through
 * the patterns below. Every calendar rule is New York's and goes through
 * @instainstru/marketplace-time, so DST days have their 23 or 25 hours.
 */
export type WhenFact =
  | { type: 'day'; offset: number; part?: DayPart }
  | { type: 'date'; date: string }
  | { type: 'weekday'; day: number; mode: 'bare' | 'next' | 'every'; part?: DayPart }
  | { type: 'days'; days: number[]; part?: DayPart }
  | { type: 'part'; part: DayPart }
  | { type: 'window'; window: 'this-weekend' | 'next-weekend' | 'this-week' | 'next-week' }
  /** Minutes since midnight, from the numeric patterns ("after 5pm" = 1020..1440). */
  | { type: 'hours'; from: number; to: number };

export const MORNING: DayPart = { from: '06:00', to: '12:00' };
export const AFTERNOON: DayPart = { from: '12:00', to: '17:00' };
export const EVENING: DayPart = { from: '17:00', to: '22:00' };

const WEEKDAY_NAMES: ReadonlyArray<[number, readonly string[]]> = [
  [1, ['monday', 'mon']],
  [2, ['tuesday', 'tue', 'tues']],
  [3, ['wednesday', 'wed', 'weds']],
  [4, ['thursday', 'thu', 'thur', 'thurs']],
  [5, ['friday', 'fri']],
  // "sat" and "sun" are left out: "sat prep" is the SAT.
  [6, ['saturday']],
  [7, ['sunday']],
];

/** The when-phrases of the vocabulary (normalized and stemmed there). */
export function whenPhrases(): Array<[string, WhenFact]> {
  const phrases: Array<[string, WhenFact]> = [
    ['today', { type: 'day', offset: 0 }],
    ['tomorrow', { type: 'day', offset: 1 }],
    ['tmrw', { type: 'day', offset: 1 }],
    ['tmr', { type: 'day', offset: 1 }],
    ['day after tomorrow', { type: 'day', offset: 2 }],
    ['tonight', { type: 'day', offset: 0, part: EVENING }],
    ['tonite', { type: 'day', offset: 0, part: EVENING }],
    ['this morning', { type: 'day', offset: 0, part: MORNING }],
    ['this afternoon', { type: 'day', offset: 0, part: AFTERNOON }],
    ['this evening', { type: 'day', offset: 0, part: EVENING }],
    ['tomorrow night', { type: 'day', offset: 1, part: EVENING }],
    ['this weekend', { type: 'window', window: 'this-weekend' }],
    ['next weekend', { type: 'window', window: 'next-weekend' }],
    ['this week', { type: 'window', window: 'this-week' }],
    ['later this week', { type: 'window', window: 'this-week' }],
    ['next week', { type: 'window', window: 'next-week' }],
    ['weekend', { type: 'days', days: [6, 7] }],
    ['weekday', { type: 'days', days: [1, 2, 3, 4, 5] }],
    ['weeknight', { type: 'days', days: [1, 2, 3, 4, 5], part: EVENING }],
    ['morning', { type: 'part', part: MORNING }],
    ['afternoon', { type: 'part', part: AFTERNOON }],
    ['evening', { type: 'part', part: EVENING }],
    ['night', { type: 'part', part: EVENING }],
    ['after school', { type: 'hours', from: 15 * 60, to: 22 * 60 }],
    ['after work', { type: 'hours', from: 17 * 60, to: 22 * 60 }],
    ['lunchtime', { type: 'hours', from: 12 * 60, to: 14 * 60 }],
    ['lunch break', { type: 'hours', from: 12 * 60, to: 14 * 60 }],
  ];
  // "sat"/"sun" only next to a part of the day or after "on": alone, "sat" is the test.
  for (const [day, short] of [[6, 'sat'], [7, 'sun']] as const) {
    phrases.push([`on ${short}`, { type: 'weekday', day, mode: 'bare' }]);
    for (const [word, part] of [['morning', MORNING], ['afternoon', AFTERNOON], ['evening', EVENING], ['night', EVENING]] as const) {
      phrases.push([`${short} ${word}`, { type: 'weekday', day, mode: 'bare', part }]);
    }
  }
  for (const [day, names] of WEEKDAY_NAMES) {
    for (const name of names) {
      phrases.push([name, { type: 'weekday', day, mode: 'bare' }]);
      phrases.push([`this ${name}`, { type: 'weekday', day, mode: 'bare' }]);
      phrases.push([`next ${name}`, { type: 'weekday', day, mode: 'next' }]);
      phrases.push([`every ${name}`, { type: 'weekday', day, mode: 'every' }]);
    }
  }
  return phrases;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const MONTH_DAY = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+(\\d{4}))?\\b`, 'g');
const DAY_MONTH = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}(?:\\s+(\\d{4}))?\\b`, 'g');
const NUMERIC_DATE = /(?<![\d$./:])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/])/g;

const CLOCK = '(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)?';
const TIME_RANGE = new RegExp(`(?<![\\d$.:/])(?:between\\s+|from\\s+)?${CLOCK}\\s*(?:-|to|and|until|till)\\s*${CLOCK.replace('(am|pm)?', '(am|pm)')}\\b`, 'g');
const AFTER = new RegExp(`\\b(after|past|later than|not before|starting at|from)\\s+(?:${CLOCK}|(noon))(?![\\d/$])\\b`, 'g');
const BEFORE = new RegExp(`\\b(before|until|till|til|earlier than|no later than|by)\\s+(?:${CLOCK}|(noon))(?![\\d/$])\\b`, 'g');
const AT = /(?<![\d$.:/])(?:(?:at|around|@)\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b/g;

/** Minutes since midnight for a clock time; a bare hour of 1–7 is taken as p.m. ("after 5"). */
function clockMinutes(hourText: string, minuteText: string | undefined, meridiem: string | undefined): number | null {
  let hour = Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (hour > 24 || minute > 59) return null;
  if (meridiem === 'am') {
    if (hour > 12 || hour === 0) return null;
    if (hour === 12) hour = 0;
  } else if (meridiem === 'pm') {
    if (hour > 12 || hour === 0) return null;
    if (hour !== 12) hour += 12;
  } else if (hour >= 1 && hour <= 7) {
    hour += 12;
  }
  return Math.min(hour * 60 + minute, 24 * 60);
}

/** The next date (today included) with this month and day, or that exact date when a year is given. */
function resolveDate(today: string, month: number, day: number, yearText: string | undefined): string | null {
  const pad = (value: number) => String(value).padStart(2, '0');
  if (yearText !== undefined) {
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    const date = `${year}-${pad(month)}-${pad(day)}`;
    return isDate(date) ? date : null;
  }
  const year = Number(today.slice(0, 4));
  for (const candidateYear of [year, year + 1, year + 2, year + 3, year + 4]) {
    const date = `${candidateYear}-${pad(month)}-${pad(day)}`;
    // Feb 29 exists only in leap years: look ahead until one has it.
    if (isDate(date) && date >= today) return date;
  }
  return null;
}

/**
 * Takes the numeric time expressions out of a normalized query: returns the facts and the text
 * with each one replaced by a space, so phrase matching never sees "5pm" or "dec 12".
 */
export function extractTimePatterns(text: string, nowMs: number): { text: string; facts: WhenFact[] } {
  const facts: WhenFact[] = [];
  const today = marketplaceDate(nowMs);
  let rest = text.replace(/\b([ap])\.m\.?/g, '$1m');
  if (!/\d/.test(rest)) return { text: rest, facts };

  const addDate = (month: number | undefined, day: string, year: string | undefined, whole: string) => {
    const date = month === undefined ? null : resolveDate(today, month, Number(day), year);
    if (date === null) return whole;
    facts.push({ type: 'date', date });
    return ' ';
  };
  rest = rest.replace(MONTH_DAY, (whole, month: string, day: string, year?: string) => addDate(MONTHS[month.slice(0, 3)], day, year, whole));
  rest = rest.replace(DAY_MONTH, (whole, day: string, month: string, year?: string) => addDate(MONTHS[month.slice(0, 3)], day, year, whole));
  rest = rest.replace(NUMERIC_DATE, (whole, month: string, day: string, year?: string) => {
    const monthNumber = Number(month);
    return monthNumber >= 1 && monthNumber <= 12 ? addDate(monthNumber, day, year, whole) : whole;
  });

  rest = rest.replace(TIME_RANGE, (whole, h1: string, m1?: string, mer1?: string, h2?: string, m2?: string, mer2?: string) => {
    const to = clockMinutes(h2!, m2, mer2);
    // "3-6pm": the first time shares the second's meridiem unless that would put it after the end ("11-1pm").
    let from = clockMinutes(h1, m1, mer1 ?? mer2);
    if (from !== null && to !== null && mer1 === undefined && from >= to) from = clockMinutes(h1, m1, 'am');
    if (from === null || to === null || from >= to) return whole;
    facts.push({ type: 'hours', from, to });
    return ' ';
  });
  rest = rest.replace(AFTER, (whole, word: string, hour?: string, minute?: string, meridiem?: string, noon?: string) => {
    // "from 3" alone is more often a price or an age than a time: "from" needs am/pm.
    if (word === 'from' && meridiem === undefined && noon === undefined) return whole;
    const from = noon ? 12 * 60 : clockMinutes(hour!, minute, meridiem);
    if (from === null || from >= 24 * 60) return whole;
    facts.push({ type: 'hours', from, to: 24 * 60 });
    return ' ';
  });
  rest = rest.replace(BEFORE, (whole, word: string, hour?: string, minute?: string, meridiem?: string, noon?: string) => {
    if (word === 'by' && meridiem === undefined && noon === undefined) return whole;
    const to = noon ? 12 * 60 : clockMinutes(hour!, minute, meridiem);
    if (to === null || to === 0) return whole;
    facts.push({ type: 'hours', from: 0, to });
    return ' ';
  });
  rest = rest.replace(AT, (whole, hour: string, minute?: string, meridiem?: string) => {
    const from = clockMinutes(hour, minute, meridiem);
    if (from === null || from >= 24 * 60) return whole;
    facts.push({ type: 'hours', from, to: Math.min(from + 60, 24 * 60) });
    return ' ';
  });
  return { text: rest, facts };
}

const toClock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const fromClock = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** The window, weekdays and hours the facts ask for, or null when they ask for nothing. */
export function resolveWhen(facts: readonly WhenFact[], nowMs: number): SearchWhen | null {
  if (facts.length === 0) return null;
  const today = marketplaceDate(nowMs);
  const monday = mondayOf(today);
  /** [first date, day after the last date) */
  const windows: Array<[string, string]> = [];
  const days = new Set<number>();
  const parts: DayPart[] = [];
  const hours: Array<[number, number]> = [];
  const singleWeekdays = facts.filter((fact) => fact.type === 'weekday' && fact.mode !== 'every');
  // "tuesday or thursday" is a weekly habit, not two dates.
  const weekdaysRecur = singleWeekdays.length > 1;

  for (const fact of facts) {
    switch (fact.type) {
      case 'day': {
        const date = addDays(today, fact.offset);
        windows.push([date, addDays(date, 1)]);
        if (fact.part) parts.push(fact.part);
        break;
      }
      case 'date':
        windows.push([fact.date, addDays(fact.date, 1)]);
        break;
      case 'weekday': {
        if (fact.part) parts.push(fact.part);
        if (fact.mode === 'every' || weekdaysRecur) {
          days.add(fact.day);
          break;
        }
        let delta = (fact.day - isoWeekday(today) + 7) % 7;
        if (fact.mode === 'next' && delta === 0) delta = 7;
        const date = addDays(today, delta);
        windows.push([date, addDays(date, 1)]);
        break;
      }
      case 'days':
        for (const day of fact.days) days.add(day);
        if (fact.part) parts.push(fact.part);
        break;
      case 'part':
        parts.push(fact.part);
        break;
      case 'hours':
        hours.push([fact.from, fact.to]);
        break;
      case 'window': {
        const weekend = isoWeekday(today) >= 6;
        if (fact.window === 'this-weekend') windows.push([weekend ? today : addDays(monday, 5), addDays(monday, 7)]);
        else if (fact.window === 'next-weekend') windows.push([addDays(monday, 12), addDays(monday, 14)]);
        else if (fact.window === 'this-week') windows.push([today, addDays(monday, 7)]);
        else windows.push([addDays(monday, 7), addDays(monday, 14)]);
        break;
      }
    }
  }

  let from: string | null = null;
  let to: string | null = null;
  if (windows.length > 0) {
    const first = windows.reduce((min, [start]) => (start < min ? start : min), windows[0]![0]);
    const last = windows.reduce((max, [, end]) => (end > max ? end : max), windows[0]![1]);
    // A window that starts today starts now: the past of today cannot be booked.
    const fromMs = Math.max(dayStartMs(first), first <= today ? nowMs : 0);
    const toMs = dayStartMs(last);
    if (toMs > fromMs) {
      from = new Date(fromMs).toISOString();
      to = new Date(toMs).toISOString();
    }
  }

  const dayParts = combineParts(parts, hours);
  // Only dates already past ("dec 12 2020"), or hours that cancel out: nothing left to ask for.
  if (from === null && days.size === 0 && dayParts.length === 0) return null;
  return { from, to, daysOfWeek: [...days].sort((a, b) => a - b), dayParts };
}

/** Day parts, narrowed by clock bounds ("evenings after 6pm" = 18:00–22:00); sorted, without repeats. */
function combineParts(parts: readonly DayPart[], hours: ReadonlyArray<[number, number]>): DayPart[] {
  let ranges: Array<[number, number]> = parts.map((part) => [fromClock(part.from), fromClock(part.to)]);
  if (hours.length > 0) {
    // Several bounds ("after 3pm before 6pm") narrow one another; then they narrow each day part.
    let bound: [number, number] = [0, 24 * 60];
    const points = hours.filter(([start, end]) => !(start === 0 || end === 24 * 60));
    for (const [start, end] of hours) bound = [Math.max(bound[0], start), Math.min(bound[1], end)];
    if (bound[0] >= bound[1] && points.length > 0) bound = points[0]!;
    ranges = ranges.length === 0 ? [bound] : ranges.map(([start, end]) => [Math.max(start, bound[0]), Math.min(end, bound[1])]);
  }
  const seen = new Set<string>();
  return ranges
    .filter(([start, end]) => start < end)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([start, end]) => ({ from: toClock(start), to: toClock(end) }))
    .filter((part) => {
      const key = `${part.from}-${part.to}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
