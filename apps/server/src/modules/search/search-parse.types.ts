/**
 * The parse of a search query (issue 9): the same shape from the fast parser and the LLM parser,
 * so the search, the filter chips and the logs never care which one answered.
 */
export type AgeGroup = 'kids' | 'teens' | 'adults';
export type Level = 'beginner' | 'intermediate' | 'advanced';
export type LessonType = 'student_location' | 'instructor_location' | 'online' | 'in_person';
export type LocationKind = 'neighborhood' | 'borough' | 'zip' | 'near_me' | 'online';

export interface Named {
  slug: string;
  name: string;
}

export interface NeighborhoodRef {
  /** NTA 2020 code, e.g. BK0602. */
  code: string;
  name: string;
}

export interface SearchLocation {
  kind: LocationKind;
  /** What the chip shows: "Park Slope", "Brooklyn", "11215", "Near me", "Online". */
  name: string;
  /** The residential NTAs meant (neighborhood and zip kinds); empty for the other kinds. */
  neighborhoods: NeighborhoodRef[];
  /** The borough when every NTA meant lies in one (and for the borough kind), else null. */
  borough: string | null;
}

/** Wall-clock hours in New York, "HH:MM" from "00:00" to "24:00", `from` < `to`. */
export interface DayPart {
  from: string;
  to: string;
}

export interface SearchWhen {
  /** ISO instants bounding the days asked for (from is "now" when the window starts today); null when only weekdays or hours were asked. */
  from: string | null;
  to: string | null;
  /** ISO weekdays, 1 = Monday … 7 = Sunday, ascending; empty = any day. */
  daysOfWeek: number[];
  /** Hours of the day, ascending; empty = any time. */
  dayParts: DayPart[];
}

export interface SearchParse {
  services: Named[];
  category: Named | null;
  ageGroup: AgeGroup | null;
  level: Level | null;
  location: SearchLocation | null;
  priceMaxCents: number | null;
  priceMinCents: number | null;
  when: SearchWhen | null;
  lessonType: LessonType | null;
  keywords: string[];
  /** Meaningful words left unexplained: a reason to ask the LLM parser, and logged for location learning. */
  unresolved: string[];
  parser: 'fast' | 'llm';
}

/** A parse that understood nothing: the base the tests and callers spread their fields over. */
export const EMPTY_SEARCH_PARSE: Readonly<SearchParse> = Object.freeze({
  services: [],
  category: null,
  ageGroup: null,
  level: null,
  location: null,
  priceMaxCents: null,
  priceMinCents: null,
  when: null,
  lessonType: null,
  keywords: [],
  unresolved: [],
  parser: 'fast',
});
