/**
 * The vocabulary of an instructor profile (PRODUCT.md §2) and the pure rules about it: which
 * languages we accept, where a studio may be, which lesson types each location capability
 * allows. The database repeats the closed lists as CHECKs.
 */
export const AGE_GROUPS = ['kids', 'teens', 'adults'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export type Level = (typeof LEVELS)[number];

/** Where a lesson happens (PRODUCT.md §2, "Location types of a booking"). */
export const LESSON_TYPES = ['student_location', 'instructor_location', 'online', 'neutral_location'] as const;
export type LessonType = (typeof LESSON_TYPES)[number];
export const IN_PERSON_LESSON_TYPES: readonly LessonType[] = ['student_location', 'instructor_location', 'neutral_location'];

export const MAX_LANGUAGES = 10;
export const MIN_BIO_LENGTH = 50;
export const MAX_BIO_LENGTH = 5000;
export const MAX_HEADLINE_LENGTH = 100;
export const MAX_NAME_LENGTH = 120;
export const MAX_STUDIO_ADDRESS_LENGTH = 300;
export const MAX_YEARS_EXPERIENCE = 80;
export const MAX_SERVICES = 20;

export interface LocationCapabilities {
  travelsToStudents: boolean;
  teachesAtStudio: boolean;
  teachesOnline: boolean;
}

/**
 * The capability a lesson type needs. A neutral spot (a park, a library) is one the instructor
 * travels to, inside the service areas they chose, so it needs `travelsToStudents`.
 */
const CAPABILITY_OF: Record<LessonType, keyof LocationCapabilities> = {
  student_location: 'travelsToStudents',
  neutral_location: 'travelsToStudents',
  instructor_location: 'teachesAtStudio',
  online: 'teachesOnline',
};

const LESSON_TYPE_WORDS: Record<LessonType, string> = {
  student_location: "at the student's place",
  neutral_location: 'at a neutral spot',
  instructor_location: 'at your studio',
  online: 'online',
};

const CAPABILITY_WORDS: Record<keyof LocationCapabilities, string> = {
  travelsToStudents: "you don't travel to students",
  teachesAtStudio: "you don't teach at a studio",
  teachesOnline: "you don't teach online",
};

/** Why a lesson type cannot be offered with these capabilities, or null when it can. */
export function lessonTypeProblem(type: LessonType, capabilities: LocationCapabilities): string | null {
  const needed = CAPABILITY_OF[type];
  return capabilities[needed] ? null : `lessons ${LESSON_TYPE_WORDS[type]} need the matching location setting: ${CAPABILITY_WORDS[needed]}`;
}

export function hasAnyCapability(capabilities: LocationCapabilities): boolean {
  return capabilities.travelsToStudents || capabilities.teachesAtStudio || capabilities.teachesOnline;
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/**
 * An ISO 639 code in its canonical form ('iw' → 'he'), or null when ICU does not know it as a
 * language. Codes keep the data language-neutral; the web app shows names with Intl too.
 */
export function canonicalLanguage(code: string): string | null {
  const trimmed = code.trim().toLowerCase();
  if (!/^[a-z]{2,3}$/.test(trimmed)) return null;
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(trimmed)[0] ?? trimmed;
  } catch {
    return null;
  }
  return languageNames.of(canonical) ? canonical : null;
}

export function languageName(code: string): string {
  return languageNames.of(code) ?? code;
}

/**
 * New York City's bounding box (the five boroughs with a little margin). The marketplace
 * launches in NYC, so a studio far outside it is almost always a geocoding mistake. A box is
 * coarse (it includes Hoboken and Jersey City); exact containment needs the neighborhood
 * polygons of the geo module.
 */
export const NYC_BOUNDS = { south: 40.47, north: 40.93, west: -74.28, east: -73.68 } as const;

export function isInNewYorkCity(point: { lat: number; lng: number }): boolean {
  return point.lat >= NYC_BOUNDS.south && point.lat <= NYC_BOUNDS.north && point.lng >= NYC_BOUNDS.west && point.lng <= NYC_BOUNDS.east;
}

/** Sorted, without duplicates, in the vocabulary's order (so saved arrays compare equal). */
export function inVocabularyOrder<T extends string>(values: readonly T[], vocabulary: readonly T[]): T[] {
  const chosen = new Set(values);
  return vocabulary.filter((value) => chosen.has(value));
}
