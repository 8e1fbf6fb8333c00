import { effectivePriceFloors, floorForDuration } from '../catalog/catalog.policy.ts';
import { BOROUGHS } from '../geo/geo.tables.ts';
import { CLOSINGS, FIRST_NAMES, LANGUAGE_SETS, LAST_NAMES, MIDDLES, OPENINGS, STREETS, WEEKLY_PATTERNS, type WeeklyPattern } from './demo-instructors.data.ts';
import type { SeededRandom } from './random.ts';

/**
 * How a real marketplace's instructors are spread, in one place for the demo seed (200 people)
 * and the bench's generated instructors (10,000): popular services (piano, Spanish, swimming…)
 * are taught by many people in every borough and rare ones by few; one to three services each;
 * prices above the floors with a long tail; evenings and weekends; about one in ten online
 * only. Pure: the callers read the catalog and the neighborhoods and write the rows.
 */

export type AgeGroup = 'kids' | 'teens' | 'adults';
export type Level = 'beginner' | 'intermediate' | 'advanced';
export type LessonType = 'student_location' | 'instructor_location' | 'online';

export interface PlannedCatalogService {
  id: string;
  slug: string;
  name: string;
  durations: readonly number[];
  categorySlug: string;
  priceFloorInPersonCents: number | null;
  priceFloorOnlineCents: number | null;
}

export interface PlannedNeighborhood {
  id: string;
  name: string;
  borough: string;
  lat: number;
  lng: number;
}

export interface PlannedService {
  service: PlannedCatalogService;
  hourlyCents: number;
  lessonTypes: LessonType[];
}

export interface InstructorPlan {
  first: string;
  last: string;
  years: number;
  languages: string[];
  ageGroups: AgeGroup[];
  levels: Level[];
  home: PlannedNeighborhood;
  services: PlannedService[];
  travelsToStudents: boolean;
  teachesAtStudio: boolean;
  teachesOnline: boolean;
  studio: { address: string; lat: number; lng: number } | null;
  /** Residential NTA codes, the home first, when they travel to students. */
  serviceAreas: string[];
  week: WeeklyPattern;
  headline: string;
  bio: string;
}

/** Relative popularity of a service as someone's main subject; any other service weighs RARE_WEIGHT. */
export const SERVICE_POPULARITY: Readonly<Record<string, number>> = {
  piano: 12, guitar: 9, voice: 6, violin: 4, drums: 3, ukulele: 2, 'music-theory': 2,
  spanish: 8, french: 4, mandarin: 4, esl: 4,
  'elementary-math': 7, algebra: 6, geometry: 3, calculus: 3, chemistry: 3, physics: 3, biology: 2, reading: 6, 'essay-writing': 4,
  sat: 6, shsat: 4, act: 3, isee: 2,
  swimming: 7, tennis: 6, basketball: 3, soccer: 3, 'martial-arts': 3,
  yoga: 6, 'personal-training': 5, pilates: 3,
  chess: 5, 'coding-for-kids': 4, python: 3,
  ballet: 3, 'hip-hop': 2, drawing: 3, painting: 3, photography: 2, acting: 2, 'public-speaking': 2, 'college-essays': 3,
};
export const RARE_WEIGHT = 0.6;

/**
 * The first instructors (after the Park Slope pianists) are placed so that each of these
 * services has at least this many main-subject teachers living in every borough, even in the
 * 200-person demo; beyond them the popularity weights decide.
 */
export const MIN_MAIN_PER_BOROUGH: Readonly<Record<string, number>> = {
  piano: 3, guitar: 2, spanish: 2, 'elementary-math': 2, voice: 1, reading: 1, swimming: 1, tennis: 1, yoga: 1, chess: 1, sat: 1, algebra: 1,
};

/** Where instructors live: more in Brooklyn and Manhattan, fewer on Staten Island. */
export const BOROUGH_WEIGHTS: Readonly<Record<(typeof BOROUGHS)[number], number>> = {
  Brooklyn: 32, Manhattan: 28, Queens: 22, Bronx: 11, 'Staten Island': 7,
};

/** The search example of issue 9 must find someone: piano teachers for kids in Park Slope (BK0602), ≤ $90/h, weekday evenings. */
export const PARK_SLOPE_PIANISTS = { count: 4, neighborhood: 'BK0602', service: 'piano', hourlyCents: [8_000, 8_500, 9_000, 8_500] } as const;

/** Categories taught only in person (nobody swims over Zoom). */
export const IN_PERSON_ONLY_CATEGORIES: ReadonlySet<string> = new Set(['sports']);
export const ONLINE_ONLY_SHARE = 0.1;

/** Services whose students are mostly of one age. */
const AGE_FOCUS: Readonly<Record<string, AgeGroup[]>> = {
  'elementary-math': ['kids'], reading: ['kids'], 'coding-for-kids': ['kids', 'teens'], shsat: ['kids'], isee: ['kids', 'teens'],
  'hunter-entrance-exam': ['kids'], sat: ['teens'], act: ['teens'], 'ap-exams': ['teens'], 'college-essays': ['teens'],
  gre: ['adults'], gmat: ['adults'], lsat: ['adults'], mcat: ['adults'], 'career-coaching': ['adults'], 'resume-writing': ['adults'],
  'interview-coaching': ['adults'], 'wedding-dance': ['adults'], 'personal-training': ['teens', 'adults'],
};

function weightOf(service: PlannedCatalogService): number {
  return SERVICE_POPULARITY[service.slug] ?? RARE_WEIGHT;
}

function weighted<T>(random: SeededRandom, items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let left = random.next() * total;
  for (const item of items) {
    left -= weight(item);
    if (left < 0) return item;
  }
  return items[items.length - 1]!;
}

/**
 * An hourly price above the floor, rounded up to $5: a third near the floor, half up to 60%
 * above it, the rest up to three times it (the conservatory teacher, the SAT coach).
 */
export function hourlyAboveFloor(random: SeededRandom, floorCentsPerHour: number): number {
  const u = random.next();
  const premium = u < 0.3 ? random.next() * 0.15 : u < 0.8 ? 0.15 + random.next() * 0.45 : u < 0.96 ? 0.6 + random.next() * 0.6 : 1.2 + random.next() * 0.8;
  return Math.ceil((floorCentsPerHour * (1 + premium)) / 500) * 500;
}

/** The hourly floor a service offered these ways must clear: the higher one when taught both in person and online. */
export function hourlyFloorFor(service: Pick<PlannedCatalogService, 'priceFloorInPersonCents' | 'priceFloorOnlineCents'>, lessonTypes: readonly LessonType[]): number {
  const floors = effectivePriceFloors(service);
  const inPerson = lessonTypes.some((type) => type !== 'online');
  const online = lessonTypes.includes('online');
  return Math.max(inPerson ? floors.inPersonCentsPerHour : 0, online ? floors.onlineCentsPerHour : 0);
}

/** Each allowed lesson length priced from the hourly price (rounded to a dollar), never under its floor. */
export function ratesFor(planned: PlannedService): Array<{ durationMinutes: number; rateCents: number }> {
  const floor = hourlyFloorFor(planned.service, planned.lessonTypes);
  return planned.service.durations.map((minutes) => ({
    durationMinutes: minutes,
    rateCents: Math.max(floorForDuration(floor, minutes), Math.round((planned.hourlyCents * minutes) / 60 / 100) * 100),
  }));
}

/** For each neighborhood, every neighborhood nearest first (by label point; longitude scaled by cos 40.7°). */
export function nearestNeighborhoods(hoods: readonly PlannedNeighborhood[]): Map<string, string[]> {
  return new Map(
    hoods.map((hood) => [
      hood.id,
      hoods
        .map((other) => ({ id: other.id, d: (other.lat - hood.lat) ** 2 + ((other.lng - hood.lng) * 0.758) ** 2 }))
        .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
        .map((other) => other.id),
    ]),
  );
}

/** Main subject and borough of the instructors placed on purpose (see MIN_MAIN_PER_BOROUGH), in order. */
function guaranteedSlots(): Array<{ slug: string; borough: string }> {
  const slots: Array<{ slug: string; borough: string }> = [];
  const rounds = Math.max(...Object.values(MIN_MAIN_PER_BOROUGH));
  for (let round = 0; round < rounds; round++) {
    for (const [slug, min] of Object.entries(MIN_MAIN_PER_BOROUGH)) {
      if (round < min) for (const borough of BOROUGHS) slots.push({ slug, borough });
    }
  }
  return slots;
}

/** At most 100 characters (the profile's limit): long neighborhood names are left out. */
function headlineOf(service: string, where: string, years: number): string {
  const headline = `${service} teacher${where} · ${years} years of experience`;
  return headline.length <= 100 ? headline : `${service} teacher · ${years} years of experience`;
}

/**
 * Plans `count` instructors from the catalog's active services and the residential
 * neighborhoods, drawing only from `random` (same seed, same people).
 */
export function planInstructors(
  random: SeededRandom,
  count: number,
  catalog: { services: readonly PlannedCatalogService[]; neighborhoods: readonly PlannedNeighborhood[] },
): InstructorPlan[] {
  const { services, neighborhoods } = catalog;
  if (services.length === 0 || neighborhoods.length === 0) return [];
  const bySlug = new Map(services.map((service) => [service.slug, service]));
  const nearest = nearestNeighborhoods(neighborhoods);
  const hoodsIn = new Map(BOROUGHS.map((borough) => [borough as string, neighborhoods.filter((hood) => hood.borough === borough)]));
  const boroughs = BOROUGHS.filter((borough) => hoodsIn.get(borough)!.length > 0);
  const onlineCapable = services.filter((service) => !IN_PERSON_ONLY_CATEGORIES.has(service.categorySlug));
  const slots = guaranteedSlots().filter((slot) => bySlug.has(slot.slug) && hoodsIn.get(slot.borough)!.length > 0);
  const parkSlope = neighborhoods.find((hood) => hood.id === PARK_SLOPE_PIANISTS.neighborhood);
  const pianists = parkSlope && bySlug.has(PARK_SLOPE_PIANISTS.service) ? PARK_SLOPE_PIANISTS.count : 0;

  return Array.from({ length: count }, (_, index) => {
    const pianist = index < pianists;
    const slot = pianist ? undefined : slots[index - pianists];
    const onlineOnly = !pianist && !slot && random.chance(ONLINE_ONLY_SHARE);
    const pool = onlineOnly ? onlineCapable : services;
    const main = pianist ? bySlug.get(PARK_SLOPE_PIANISTS.service)! : slot ? bySlug.get(slot.slug)! : weighted(random, pool, weightOf);
    const home = pianist
      ? parkSlope!
      : random.pick(hoodsIn.get(slot?.borough ?? weighted(random, boroughs, (borough) => BOROUGH_WEIGHTS[borough]))!);

    // One to three subjects: the others mostly from the same category (piano and music theory).
    const taught = [main];
    const extra = pianist ? 0 : weighted(random, [0, 1, 2], (n) => [50, 35, 15][n]!);
    for (let n = 0; n < extra; n++) {
      const siblings = pool.filter((s) => s.categorySlug === main.categorySlug && !taught.includes(s));
      const others = pool.filter((s) => !taught.includes(s));
      const from = siblings.length > 0 && random.chance(0.65) ? siblings : others;
      if (from.length > 0) taught.push(weighted(random, from, weightOf));
    }

    const teachesAtStudio = !onlineOnly && !pianist && random.chance(0.4);
    const travelsToStudents = !onlineOnly && (pianist || !teachesAtStudio || random.chance(0.6));
    const teachesOnline = onlineOnly || random.chance(0.4);
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const years = random.int(2, 25);
    const studio = teachesAtStudio
      ? {
          address: `${random.int(10, 480)} ${random.pick(STREETS)}, ${home.name}, ${home.borough}, NY`,
          lat: home.lat + (random.next() - 0.5) * 0.006,
          lng: home.lng + (random.next() - 0.5) * 0.008,
        }
      : null;
    const serviceAreas = travelsToStudents ? nearest.get(home.id)!.slice(0, random.int(2, 7)) : [];

    const planned = taught.map((service): PlannedService => {
      const lessonTypes: LessonType[] = [
        ...(travelsToStudents ? (['student_location'] as const) : []),
        ...(teachesAtStudio ? (['instructor_location'] as const) : []),
        ...(teachesOnline && !IN_PERSON_ONLY_CATEGORIES.has(service.categorySlug) ? (['online'] as const) : []),
      ];
      const floor = hourlyFloorFor(service, lessonTypes);
      const hourlyCents = pianist ? Math.max(floor, PARK_SLOPE_PIANISTS.hourlyCents[index]!) : hourlyAboveFloor(random, floor);
      return { service, hourlyCents, lessonTypes };
    });

    const focus = AGE_FOCUS[main.slug];
    const ageGroups: AgeGroup[] = pianist
      ? ['kids', ...random.sample(['teens', 'adults'] as const, random.int(0, 2))]
      : focus
        ? [...focus]
        : random.sample(['kids', 'teens', 'adults'] as const, random.int(1, 3));
    const levels = (['beginner', 'intermediate', 'advanced'] as const).filter((_, k) => random.chance([0.85, 0.8, 0.45][k]!));
    // The anchors teach on weekday evenings (the first pattern: Monday to Thursday 16–21).
    const week = pianist ? WEEKLY_PATTERNS[0]!.week : weighted(random, WEEKLY_PATTERNS, (pattern) => pattern.weight).week;
    const opening = random.pick(OPENINGS).replace('{service}', main.name.toLowerCase()).replace('{years}', String(years));
    return {
      first,
      last,
      years,
      languages: [...random.pick(LANGUAGE_SETS)],
      ageGroups: [...ageGroups].sort(),
      levels: levels.length > 0 ? [...levels].sort() : ['beginner'],
      home,
      services: planned,
      travelsToStudents,
      teachesAtStudio,
      teachesOnline,
      studio,
      serviceAreas,
      week,
      headline: headlineOf(main.name, onlineOnly ? ' online' : studio ? ` in ${home.name}` : '', years),
      bio: `${opening}, ${random.pick(MIDDLES)} ${random.pick(CLOSINGS)}`,
    };
  });
}
