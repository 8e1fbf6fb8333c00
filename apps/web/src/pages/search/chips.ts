import { MARKETPLACE_TIME_ZONE } from '@instainstru/marketplace-time';
import type { AgeGroup, LessonType, Level, SearchParse } from '../../api/search';
import { formatCentsPerHour } from '../../lib/format';
import { queryWithoutWord } from './searchUrl';

export type ChipEditor = 'priceMax' | 'priceMin' | 'ageGroup' | 'level' | 'lessonType' | 'place';

/** One part of the effective search, as a chip: what it says, and the URL changes that remove it. */
export interface Chip {
  id: string;
  /** What kind of filter it is, for screen readers: "Price", "Age"… */
  kind: string;
  label: string;
  /** URL parameters that remove this part of the search; null when it cannot be removed. */
  remove: Record<string, string | null> | null;
  editor: ChipEditor | null;
}

export const AGE_GROUPS: ReadonlyArray<{ value: AgeGroup; label: string }> = [
  { value: 'kids', label: 'Kids' },
  { value: 'teens', label: 'Teens' },
  { value: 'adults', label: 'Adults' },
];
export const LEVELS: ReadonlyArray<{ value: Level; label: string }> = [
  { value: 'beginner', label: 'Beginner' },
  { value: 'intermediate', label: 'Intermediate' },
  { value: 'advanced', label: 'Advanced' },
];
export const LESSON_TYPES: ReadonlyArray<{ value: LessonType; label: string }> = [
  { value: 'student_location', label: 'At your place' },
  { value: 'instructor_location', label: 'At the studio' },
  { value: 'in_person', label: 'In person' },
  { value: 'online', label: 'Online' },
];

const labelOf = <T extends string>(options: ReadonlyArray<{ value: T; label: string }>, value: T) =>
  options.find((o) => o.value === value)?.label ?? value;

/** The chips for a parse, in reading order: what, who, where, how much, when, how, other words. */
export function buildChips(parsed: SearchParse, query: string): Chip[] {
  const chips: Chip[] = [];
  if (parsed.services.length > 0) {
    chips.push({
      id: 'service',
      kind: 'Lesson',
      label: parsed.services.map((s) => s.name).join(' or '),
      remove: { service: 'none' },
      editor: null,
    });
  }
  if (parsed.category) {
    chips.push({ id: 'category', kind: 'Category', label: parsed.category.name, remove: { category: 'none' }, editor: null });
  }
  if (parsed.ageGroup) {
    chips.push({ id: 'ageGroup', kind: 'Age', label: labelOf(AGE_GROUPS, parsed.ageGroup), remove: { ageGroup: 'none' }, editor: 'ageGroup' });
  }
  if (parsed.level) {
    chips.push({ id: 'level', kind: 'Level', label: labelOf(LEVELS, parsed.level), remove: { level: 'none' }, editor: 'level' });
  }
  if (parsed.location) {
    chips.push({
      id: 'place',
      kind: 'Place',
      label: parsed.location.name,
      remove: { neighborhood: 'none', borough: null, online: null, lat: null, lng: null },
      editor: parsed.location.kind === 'online' ? null : 'place',
    });
  }
  if (parsed.priceMinCents !== null) {
    chips.push({ id: 'priceMin', kind: 'Price', label: `From ${formatCentsPerHour(parsed.priceMinCents)}`, remove: { priceMinCents: 'none' }, editor: 'priceMin' });
  }
  if (parsed.priceMaxCents !== null) {
    chips.push({ id: 'priceMax', kind: 'Price', label: `Up to ${formatCentsPerHour(parsed.priceMaxCents)}`, remove: { priceMaxCents: 'none' }, editor: 'priceMax' });
  }
  if (parsed.when) {
    chips.push({ id: 'when', kind: 'When', label: describeWhen(parsed.when), remove: { from: 'none', to: 'none' }, editor: null });
  }
  if (parsed.lessonType) {
    chips.push({ id: 'lessonType', kind: 'Lesson type', label: labelOf(LESSON_TYPES, parsed.lessonType), remove: { lessonType: 'none' }, editor: 'lessonType' });
  }
  for (const word of parsed.keywords) {
    const without = queryWithoutWord(query, word);
    chips.push({ id: `keyword-${word}`, kind: 'Keyword', label: word, remove: without === null ? null : { q: without }, editor: null });
  }
  return chips;
}

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const NAMED_PARTS: Record<string, string> = {
  '06:00-12:00': 'mornings',
  '12:00-17:00': 'afternoons',
  '17:00-22:00': 'evenings',
};

const dayFormat = new Intl.DateTimeFormat('en-US', { timeZone: MARKETPLACE_TIME_ZONE, weekday: 'short', month: 'short', day: 'numeric' });
const nyDate = new Intl.DateTimeFormat('en-CA', { timeZone: MARKETPLACE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** "Weekdays · evenings", "Sat, Dec 5 – Sun, Dec 6", "Tue · after 5 PM": the asked window in New York words. */
export function describeWhen(when: NonNullable<SearchParse['when']>): string {
  const parts: string[] = [];
  if (when.from && when.to) {
    const from = new Date(when.from);
    // `to` is exclusive: the last day asked is the one just before it.
    const last = new Date(new Date(when.to).getTime() - 1);
    parts.push(nyDate.format(from) === nyDate.format(last) ? dayFormat.format(from) : `${dayFormat.format(from)} – ${dayFormat.format(last)}`);
  } else if (when.from) {
    parts.push(`From ${dayFormat.format(new Date(when.from))}`);
  } else if (when.to) {
    parts.push(`Until ${dayFormat.format(new Date(new Date(when.to).getTime() - 1))}`);
  }
  const days = when.daysOfWeek.join(',');
  if (days === '1,2,3,4,5') parts.push('Weekdays');
  else if (days === '6,7') parts.push('Weekends');
  else if (when.daysOfWeek.length > 0) parts.push(when.daysOfWeek.map((d) => WEEKDAY_NAMES[d - 1] ?? '').join(', '));
  if (when.dayParts.length > 0) parts.push(when.dayParts.map(describeDayPart).join(', '));
  return parts.length > 0 ? parts.join(' · ') : 'Any time';
}

function describeDayPart({ from, to }: { from: string; to: string }): string {
  const named = NAMED_PARTS[`${from}-${to}`];
  if (named) return named;
  if (to === '24:00') return `after ${clock(from)}`;
  if (from === '00:00') return `before ${clock(to)}`;
  return `${clock(from)}–${clock(to)}`;
}

/** "17:00" → "5 PM", "09:30" → "9:30 AM". */
function clock(hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  const suffix = h < 12 || h === 24 ? 'AM' : 'PM';
  return m === 0 ? `${hour12} ${suffix}` : `${hour12}:${String(m).padStart(2, '0')} ${suffix}`;
}
