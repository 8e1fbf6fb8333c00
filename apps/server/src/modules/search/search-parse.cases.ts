import fs from 'node:fs';
import { GAZETTEER_FILE, type GazetteerEntry } from '../../integrations/geocoding/gazetteer.ts';
import { CATALOG } from '../catalog/catalog.data.ts';
import type { DayPart, Named, SearchLocation, SearchParse, SearchWhen } from './search-parse.types.ts';

/**
 * The fast search parser's table: queries as people type them (typos, any order, mixed fields,
 * other scripts, empty, garbage) with the exact parse each must give. search-parse.policy.test.ts
 * checks every row; the bench times the same queries (PARSER_BENCH_QUERIES).
 *
 * Unless a row says otherwise, "now" is Wednesday 2026-12-09 15:00 in New York (EST, UTC−5).
 * The DST rows: New York springs forward on Sunday 2027-03-14 (a 23-hour day) and falls back on
 * Sunday 2026-11-01 (25 hours).
 */
export const DEFAULT_NOW = '2026-12-09T20:00:00Z';

export interface ParserCase {
  query: string;
  /** The clock's now, when not DEFAULT_NOW. */
  now?: string;
  /** The fields that differ from an empty parse; the rest must be null or empty. */
  expect: Partial<SearchParse>;
}

const gazetteer = JSON.parse(fs.readFileSync(GAZETTEER_FILE, 'utf8')) as GazetteerEntry[];
const ntas = new Map(gazetteer.filter((entry) => entry.kind === 'neighborhood').map((entry) => [entry.code!, entry]));

function nta(code: string): GazetteerEntry {
  const entry = ntas.get(code);
  if (!entry) throw new Error(`No NTA ${code}`);
  return entry;
}

function svc(...slugs: string[]): Named[] {
  return slugs.map((slug) => {
    const service = CATALOG.flatMap((category) => category.services).find((candidate) => candidate.slug === slug);
    if (!service) throw new Error(`No service ${slug}`);
    return { slug, name: service.name };
  });
}

function cat(slug: string): Named {
  const category = CATALOG.find((candidate) => candidate.slug === slug);
  if (!category) throw new Error(`No category ${slug}`);
  return { slug, name: category.name };
}

/** A neighborhood location: its NTAs (in code order), its borough when they share one. */
function hood(name: string, ...codes: string[]): SearchLocation {
  const boroughs = new Set(codes.map((code) => nta(code).borough));
  return {
    kind: 'neighborhood',
    name,
    neighborhoods: codes.map((code) => ({ code, name: nta(code).name })),
    borough: boroughs.size === 1 ? [...boroughs][0]! : null,
  };
}

function zip(code: string, ...codes: string[]): SearchLocation {
  return { kind: 'zip', name: code, neighborhoods: codes.map((c) => ({ code: c, name: nta(c).name })), borough: nta(codes[0]!).borough };
}

function borough(name: string): SearchLocation {
  return { kind: 'borough', name, neighborhoods: [], borough: name };
}

const NEAR_ME: SearchLocation = { kind: 'near_me', name: 'Near me', neighborhoods: [], borough: null };
const ONLINE: SearchLocation = { kind: 'online', name: 'Online', neighborhoods: [], borough: null };

const MORNING: DayPart = { from: '06:00', to: '12:00' };
const AFTERNOON: DayPart = { from: '12:00', to: '17:00' };
const EVENING: DayPart = { from: '17:00', to: '22:00' };
const hours = (from: string, to: string): DayPart => ({ from, to });

function when(from: string | null, to: string | null, daysOfWeek: number[], dayParts: DayPart[]): SearchWhen {
  return { from, to, daysOfWeek, dayParts };
}

/** 1,000 characters of punctuation: nothing to find. */
const PUNCTUATION_GARBAGE = Array.from({ length: 1000 }, (_, i) => '#@!%^*~;,?'[i % 10]).join('');

/** A long run of unknown words: the first MAX_KEYWORDS (16) are kept. */
const FIRST_16 = Array.from({ length: 16 }, (_, i) => `w${i}rd`);
const KEYWORDS_CAPPED: Partial<SearchParse> = { keywords: FIRST_16, unresolved: FIRST_16 };

export const PARSER_CASES: readonly ParserCase[] = [
  { query: 'piano lessons for my 8 year old in park slope under $90 weekday evenings', expect: { services: svc('piano'), ageGroup: 'kids', location: hood('Park Slope', 'BK0602'), priceMaxCents: 9000, when: when(null, null, [1, 2, 3, 4, 5], [EVENING]) } },
  { query: 'spanish tutor online tomorrow', expect: { services: svc('spanish'), location: ONLINE, when: when('2026-12-10T05:00:00.000Z', '2026-12-11T05:00:00.000Z', [], []), lessonType: 'online' } },
  { query: 'swim lessons near me', expect: { services: svc('swimming'), location: NEAR_ME } },
  { query: 'keyboard', expect: { services: svc('piano') } },
  { query: 'learn to swim', expect: { services: svc('swimming') } },
  { query: 'sat prep', expect: { services: svc('sat') } },
  { query: 'math help', expect: { services: svc('elementary-math') } },
  { query: 'coding for my son', expect: { services: svc('coding-for-kids'), ageGroup: 'kids' } },
  { query: 'piano', expect: { services: svc('piano') } },
  { query: 'Piano Lessons', expect: { services: svc('piano') } },
  { query: 'PIANO LESSONS IN BROOKLYN', expect: { services: svc('piano'), location: borough('Brooklyn') } },
  { query: 'guitar', expect: { services: svc('guitar') } },
  { query: 'guitar lessons', expect: { services: svc('guitar') } },
  { query: 'drums for my teenager', expect: { services: svc('drums'), ageGroup: 'teens' } },
  { query: 'violin for my daughter (6)', expect: { services: svc('violin'), ageGroup: 'kids' } },
  { query: 'my daughter (6) wants violin', expect: { services: svc('violin'), ageGroup: 'kids' } },
  { query: 'cello for my 8 year old', expect: { services: svc('cello'), ageGroup: 'kids' } },
  { query: 'chess for a 15 yo', expect: { services: svc('chess'), ageGroup: 'teens' } },
  { query: '15 yo chess', expect: { services: svc('chess'), ageGroup: 'teens' } },
  { query: 'kids swimming', expect: { services: svc('swimming'), ageGroup: 'kids' } },
  { query: 'toddler swim classes', expect: { services: svc('swimming'), ageGroup: 'kids' } },
  { query: 'swimming for toddlers', expect: { services: svc('swimming'), ageGroup: 'kids' } },
  { query: 'teen guitar', expect: { services: svc('guitar'), ageGroup: 'teens' } },
  { query: 'high schooler calculus', expect: { services: svc('calculus'), ageGroup: 'teens' } },
  { query: 'tennis for adults', expect: { services: svc('tennis'), ageGroup: 'adults' } },
  { query: 'yoga for me', expect: { services: svc('yoga'), ageGroup: 'adults' } },
  { query: 'salsa for my wife', expect: { services: svc('salsa'), ageGroup: 'adults' } },
  { query: 'ballet for my husband', expect: { services: svc('ballet'), ageGroup: 'adults' } },
  { query: 'adult ballet', expect: { services: svc('ballet'), ageGroup: 'adults' } },
  { query: 'programming for kids', expect: { services: svc('coding-for-kids'), ageGroup: 'kids' } },
  { query: 'coding', expect: { services: svc('web-development') } },
  { query: 'programming for my 15 year old', expect: { services: svc('web-development'), ageGroup: 'teens' } },
  { query: 'beginner piano', expect: { services: svc('piano'), level: 'beginner' } },
  { query: 'piano for beginners', expect: { services: svc('piano'), level: 'beginner' } },
  { query: 'never played guitar', expect: { services: svc('guitar'), level: 'beginner' } },
  { query: 'brush up my french', expect: { services: svc('french'), level: 'intermediate' } },
  { query: 'conservatory audition cello', expect: { services: svc('cello'), level: 'advanced' } },
  { query: 'intermediate spanish', expect: { services: svc('spanish'), level: 'intermediate' } },
  { query: 'advanced chess', expect: { services: svc('chess'), level: 'advanced' } },
  { query: 'total beginner pottery', expect: { services: svc('pottery'), level: 'beginner' } },
  { query: 'rusty piano player', expect: { services: svc('piano'), level: 'intermediate', keywords: ['player'], unresolved: ['player'] } },
  { query: 'improv for a novice', expect: { services: svc('improv'), level: 'beginner' } },
  { query: 'chess uws', expect: { services: svc('chess'), location: hood('Upper West Side', 'MN0701', 'MN0702', 'MN0703') } },
  { query: 'yoga in the slope', expect: { services: svc('yoga'), location: hood('Park Slope', 'BK0602') } },
  { query: 'tennis lic', expect: { services: svc('tennis'), location: hood('Long Island City', 'QN0105', 'QN0201') } },
  { query: 'pilates williamsburg', expect: { services: svc('pilates'), location: hood('Williamsburg', 'BK0102', 'BK0103', 'BK0104') } },
  { query: 'drums bed-stuy', expect: { services: svc('drums'), location: hood('Bed-Stuy', 'BK0301', 'BK0302') } },
  { query: 'photography dumbo', expect: { services: svc('photography'), location: hood('DUMBO', 'BK0202') } },
  { query: 'boxing harlem', expect: { services: svc('boxing'), location: hood('Harlem', 'MN1001', 'MN1002') } },
  { query: 'swimming upper west side', expect: { services: svc('swimming'), location: hood('Upper West Side', 'MN0701', 'MN0702', 'MN0703') } },
  { query: 'ues math tutor', expect: { services: svc('elementary-math'), location: hood('Upper East Side', 'MN0801', 'MN0802', 'MN0803') } },
  { query: 'guitar les', expect: { services: svc('guitar'), location: hood('Lower East Side', 'MN0302') } },
  { query: 'violin fidi', expect: { services: svc('violin'), location: hood('Financial District', 'MN0101') } },
  { query: 'art in the village', expect: { category: cat('arts-crafts'), location: hood('Greenwich Village', 'MN0202') } },
  { query: 'spanish astoria', expect: { services: svc('spanish'), location: hood('Astoria', 'QN0101', 'QN0102', 'QN0103', 'QN0104') } },
  { query: 'piano in crown heights', expect: { services: svc('piano'), location: hood('Crown Heights', 'BK0802', 'BK0901') } },
  { query: 'tutoring in flatbush', expect: { category: cat('academic-tutoring'), location: hood('Flatbush', 'BK1401', 'BK1402') } },
  { query: 'dance in sunset park', expect: { category: cat('dance'), location: hood('Sunset Park', 'BK0702', 'BK0703', 'BK1201') } },
  { query: 'yoga in murray hill', expect: { services: svc('yoga'), location: hood('Murray Hill', 'MN0603') } },
  { query: 'drums murray hill queens', expect: { services: svc('drums'), location: hood('Murray Hill', 'QN0704') } },
  { query: 'chess in hell\'s kitchen', expect: { services: svc('chess'), location: hood('Hell\'s Kitchen', 'MN0402') } },
  { query: 'hells kitchen chess', expect: { services: svc('chess'), location: hood('Hell\'s Kitchen', 'MN0402') } },
  { query: 'bushwick painting', expect: { services: svc('painting'), location: hood('Bushwick', 'BK0401', 'BK0402') } },
  { query: 'greenpoint ceramics', expect: { services: svc('pottery'), location: hood('Greenpoint', 'BK0101') } },
  { query: 'guitar in long island city', expect: { services: svc('guitar'), location: hood('Long Island City', 'QN0105', 'QN0201') } },
  { query: 'guitar in brooklyn', expect: { services: svc('guitar'), location: borough('Brooklyn') } },
  { query: 'piano in the bronx', expect: { services: svc('piano'), location: borough('Bronx') } },
  { query: 'math tutor queens', expect: { services: svc('elementary-math'), location: borough('Queens') } },
  { query: 'tennis staten island', expect: { services: svc('tennis'), location: borough('Staten Island') } },
  { query: 'drums manhattan', expect: { services: svc('drums'), location: borough('Manhattan') } },
  { query: 'swim in bk', expect: { services: svc('swimming'), location: borough('Brooklyn') } },
  { query: '11215 piano', expect: { services: svc('piano'), location: zip('11215', 'BK0701') } },
  { query: 'piano 11215', expect: { services: svc('piano'), location: zip('11215', 'BK0701') } },
  { query: 'tennis near 10024', expect: { services: svc('tennis'), location: zip('10024', 'MN0702') } },
  { query: 'guitar 10001', expect: { services: svc('guitar'), location: zip('10001', 'MN0401') } },
  { query: 'math tutor 11201', expect: { services: svc('elementary-math'), location: zip('11201', 'BK0202') } },
  { query: '10464', expect: { location: zip('10464', 'BX1003') } },
  { query: 'chess 99999', expect: { services: svc('chess'), keywords: ['99999'], unresolved: ['99999'] } },
  { query: 'piano near me', expect: { services: svc('piano'), location: NEAR_ME } },
  { query: 'guitar nearby', expect: { services: svc('guitar'), location: NEAR_ME } },
  { query: 'drum teacher close to me', expect: { services: svc('drums'), location: NEAR_ME } },
  { query: 'online spanish', expect: { services: svc('spanish'), location: ONLINE, lessonType: 'online' } },
  { query: 'spanish on zoom', expect: { services: svc('spanish'), location: ONLINE, lessonType: 'online' } },
  { query: 'virtual piano lessons', expect: { services: svc('piano'), location: ONLINE, lessonType: 'online' } },
  { query: 'math tutor remote', expect: { services: svc('elementary-math'), location: ONLINE, lessonType: 'online' } },
  { query: 'piano at my place', expect: { services: svc('piano'), lessonType: 'student_location' } },
  { query: 'piano at home', expect: { services: svc('piano'), lessonType: 'student_location' } },
  { query: 'guitar teacher who can come to me', expect: { services: svc('guitar'), lessonType: 'student_location' } },
  { query: 'voice lessons at your studio', expect: { services: svc('voice'), lessonType: 'instructor_location' } },
  { query: 'drum lessons at the studio', expect: { services: svc('drums'), lessonType: 'instructor_location' } },
  { query: 'in person french tutor', expect: { services: svc('french'), lessonType: 'in_person' } },
  { query: 'in-person chess', expect: { services: svc('chess'), lessonType: 'in_person' } },
  { query: 'tennis under $90', expect: { services: svc('tennis'), priceMaxCents: 9000 } },
  { query: 'piano less than 100/hr', expect: { services: svc('piano'), priceMaxCents: 10000 } },
  { query: 'guitar $50-80', expect: { services: svc('guitar'), priceMaxCents: 8000, priceMinCents: 5000 } },
  { query: 'math tutor max 120', expect: { services: svc('elementary-math'), priceMaxCents: 12000 } },
  { query: 'piano under 80 dollars', expect: { services: svc('piano'), priceMaxCents: 8000 } },
  { query: 'yoga $60/hr', expect: { services: svc('yoga'), priceMaxCents: 6000 } },
  { query: 'violin between $40 and $70', expect: { services: svc('violin'), priceMaxCents: 7000, priceMinCents: 4000 } },
  { query: 'chess over $50', expect: { services: svc('chess'), priceMinCents: 5000 } },
  { query: 'spanish under $75.50', expect: { services: svc('spanish'), priceMaxCents: 7550 } },
  { query: 'piano under 100 an hour', expect: { services: svc('piano'), priceMaxCents: 10000 } },
  { query: 'tutor from $40 to $60 per hour', expect: { priceMaxCents: 6000, priceMinCents: 4000 } },
  { query: 'guitar <$70', expect: { services: svc('guitar'), priceMaxCents: 7000 } },
  { query: 'piano today', expect: { services: svc('piano'), when: when('2026-12-09T20:00:00.000Z', '2026-12-10T05:00:00.000Z', [], []) } },
  { query: 'guitar tomorrow', expect: { services: svc('guitar'), when: when('2026-12-10T05:00:00.000Z', '2026-12-11T05:00:00.000Z', [], []) } },
  { query: 'piano tonight', expect: { services: svc('piano'), when: when('2026-12-09T20:00:00.000Z', '2026-12-10T05:00:00.000Z', [], [EVENING]) } },
  { query: 'yoga this weekend', expect: { services: svc('yoga'), when: when('2026-12-12T05:00:00.000Z', '2026-12-14T05:00:00.000Z', [], []) } },
  { query: 'spanish next week', expect: { services: svc('spanish'), when: when('2026-12-14T05:00:00.000Z', '2026-12-21T05:00:00.000Z', [], []) } },
  { query: 'tennis on tuesday', expect: { services: svc('tennis'), when: when('2026-12-15T05:00:00.000Z', '2026-12-16T05:00:00.000Z', [], []) } },
  { query: 'chess tuesdays', expect: { services: svc('chess'), when: when(null, null, [2], []) } },
  { query: 'swimming weekday', expect: { services: svc('swimming'), when: when(null, null, [1, 2, 3, 4, 5], []) } },
  { query: 'math weekdays', expect: { services: svc('elementary-math'), when: when(null, null, [1, 2, 3, 4, 5], []) } },
  { query: 'piano mornings', expect: { services: svc('piano'), when: when(null, null, [], [MORNING]) } },
  { query: 'guitar afternoon', expect: { services: svc('guitar'), when: when(null, null, [], [AFTERNOON]) } },
  { query: 'yoga evenings', expect: { services: svc('yoga'), when: when(null, null, [], [EVENING]) } },
  { query: 'drums after 5pm', expect: { services: svc('drums'), when: when(null, null, [], [hours('17:00', '24:00')]) } },
  { query: 'tutor before 10am', expect: { when: when(null, null, [], [hours('00:00', '10:00')]) } },
  { query: 'piano dec 12', expect: { services: svc('piano'), when: when('2026-12-12T05:00:00.000Z', '2026-12-13T05:00:00.000Z', [], []) } },
  { query: 'piano 12/12', expect: { services: svc('piano'), when: when('2026-12-12T05:00:00.000Z', '2026-12-13T05:00:00.000Z', [], []) } },
  { query: 'guitar december 24th', expect: { services: svc('guitar'), when: when('2026-12-24T05:00:00.000Z', '2026-12-25T05:00:00.000Z', [], []) } },
  { query: 'tennis on friday', expect: { services: svc('tennis'), when: when('2026-12-11T05:00:00.000Z', '2026-12-12T05:00:00.000Z', [], []) } },
  { query: 'yoga this morning', expect: { services: svc('yoga'), when: when('2026-12-09T20:00:00.000Z', '2026-12-10T05:00:00.000Z', [], [MORNING]) } },
  { query: 'chess tomorrow morning', expect: { services: svc('chess'), when: when('2026-12-10T05:00:00.000Z', '2026-12-11T05:00:00.000Z', [], [MORNING]) } },
  { query: 'piano tomorrow evening', expect: { services: svc('piano'), when: when('2026-12-10T05:00:00.000Z', '2026-12-11T05:00:00.000Z', [], [EVENING]) } },
  { query: 'swim saturday morning', expect: { services: svc('swimming'), when: when('2026-12-12T05:00:00.000Z', '2026-12-13T05:00:00.000Z', [], [MORNING]) } },
  { query: 'spanish weekends', expect: { services: svc('spanish'), when: when(null, null, [6, 7], []) } },
  { query: 'math weeknights', expect: { services: svc('elementary-math'), when: when(null, null, [1, 2, 3, 4, 5], [EVENING]) } },
  { query: 'guitar after school', expect: { services: svc('guitar'), when: when(null, null, [], [hours('15:00', '22:00')]) } },
  { query: 'piano after 6', expect: { services: svc('piano'), when: when(null, null, [], [hours('18:00', '24:00')]) } },
  { query: 'yoga before 9', expect: { services: svc('yoga'), when: when(null, null, [], [hours('00:00', '09:00')]) } },
  { query: 'tennis 3-6pm', expect: { services: svc('tennis'), when: when(null, null, [], [hours('15:00', '18:00')]) } },
  { query: 'piano at 4pm', expect: { services: svc('piano'), when: when(null, null, [], [hours('16:00', '17:00')]) } },
  { query: 'piano between 3pm and 5pm', expect: { services: svc('piano'), when: when(null, null, [], [hours('15:00', '17:00')]) } },
  { query: 'chess next tuesday', expect: { services: svc('chess'), when: when('2026-12-15T05:00:00.000Z', '2026-12-16T05:00:00.000Z', [], []) } },
  { query: 'guitar monday or wednesday', expect: { services: svc('guitar'), when: when(null, null, [1, 3], []) } },
  { query: 'yoga every monday', expect: { services: svc('yoga'), when: when(null, null, [1], []) } },
  { query: 'dance jan 5', expect: { category: cat('dance'), when: when('2027-01-05T05:00:00.000Z', '2027-01-06T05:00:00.000Z', [], []) } },
  { query: 'piano 1/15', expect: { services: svc('piano'), when: when('2027-01-15T05:00:00.000Z', '2027-01-16T05:00:00.000Z', [], []) } },
  { query: 'math this week', expect: { services: svc('elementary-math'), when: when('2026-12-09T20:00:00.000Z', '2026-12-14T05:00:00.000Z', [], []) } },
  { query: 'piano evenings after 6pm', expect: { services: svc('piano'), when: when(null, null, [], [hours('18:00', '22:00')]) } },
  { query: 'paino', expect: { services: svc('piano') } },
  { query: 'gutiar lessons', expect: { services: svc('guitar') } },
  { query: 'guittar', expect: { services: svc('guitar') } },
  { query: 'violn lessons', expect: { services: svc('violin') } },
  { query: 'pianno', expect: { services: svc('piano') } },
  { query: 'spannish tutor', expect: { services: svc('spanish') } },
  { query: 'yogaa', expect: { services: svc('yoga') } },
  { query: 'tenis', expect: { services: svc('tennis') } },
  { query: 'swiming lessons', expect: { services: svc('swimming') } },
  { query: 'photograpy', expect: { services: svc('photography') } },
  { query: 'calculas tutor', expect: { services: svc('calculus') } },
  { query: 'chemestry', expect: { services: svc('chemistry') } },
  { query: 'phyiscs tutor', expect: { services: svc('physics') } },
  { query: 'begginer piano', expect: { services: svc('piano'), level: 'beginner' } },
  { query: 'intermedate spanish', expect: { services: svc('spanish'), level: 'intermediate' } },
  { query: 'advnced chess', expect: { services: svc('chess'), level: 'advanced' } },
  { query: 'piano tommorow', expect: { services: svc('piano'), when: when('2026-12-10T05:00:00.000Z', '2026-12-11T05:00:00.000Z', [], []) } },
  { query: 'yoga tomorow', expect: { services: svc('yoga'), when: when('2026-12-10T05:00:00.000Z', '2026-12-11T05:00:00.000Z', [], []) } },
  { query: 'guitar tonite', expect: { services: svc('guitar'), when: when('2026-12-09T20:00:00.000Z', '2026-12-10T05:00:00.000Z', [], [EVENING]) } },
  { query: 'piano evnings', expect: { services: svc('piano'), when: when(null, null, [], [EVENING]) } },
  { query: 'chess mornign', expect: { services: svc('chess'), when: when(null, null, [], [MORNING]) } },
  { query: 'willamsburg guitar', expect: { services: svc('guitar'), location: hood('Williamsburg', 'BK0102', 'BK0103', 'BK0104') } },
  { query: 'bushwik drums', expect: { services: svc('drums'), location: hood('Bushwick', 'BK0401', 'BK0402') } },
  { query: 'williamsberg yoga', expect: { services: svc('yoga'), location: hood('Williamsburg', 'BK0102', 'BK0103', 'BK0104') } },
  { query: 'astria spanish', expect: { services: svc('spanish'), location: hood('Astoria', 'QN0101', 'QN0102', 'QN0103', 'QN0104') } },
  { query: 'chelsae yoga', expect: { services: svc('yoga'), location: hood('Chelsea', 'MN0401') } },
  { query: 'brooklin piano', expect: { services: svc('piano'), location: borough('Brooklyn') } },
  { query: 'manhatan chess', expect: { services: svc('chess'), location: borough('Manhattan') } },
  { query: 'uper west side piano', expect: { services: svc('piano'), location: hood('Upper West Side', 'MN0701', 'MN0702', 'MN0703') } },
  { query: 'park slop guitar', expect: { services: svc('guitar'), location: hood('Park Slope', 'BK0602') } },
  { query: 'paino lesons in willamsburg tommorow', expect: { services: svc('piano'), location: hood('Williamsburg', 'BK0102', 'BK0103', 'BK0104'), when: when('2026-12-10T05:00:00.000Z', '2026-12-11T05:00:00.000Z', [], []) } },
  { query: 'evenings piano park slope kids', expect: { services: svc('piano'), ageGroup: 'kids', location: hood('Park Slope', 'BK0602'), when: when(null, null, [], [EVENING]) } },
  { query: 'park slope kids piano evenings', expect: { services: svc('piano'), ageGroup: 'kids', location: hood('Park Slope', 'BK0602'), when: when(null, null, [], [EVENING]) } },
  { query: 'under $90 piano for my 8 year old', expect: { services: svc('piano'), ageGroup: 'kids', priceMaxCents: 9000 } },
  { query: 'tomorrow spanish online', expect: { services: svc('spanish'), location: ONLINE, when: when('2026-12-10T05:00:00.000Z', '2026-12-11T05:00:00.000Z', [], []), lessonType: 'online' } },
  { query: 'near me swim lessons', expect: { services: svc('swimming'), location: NEAR_ME } },
  { query: 'weekday evenings park slope piano for my 8 year old under $90', expect: { services: svc('piano'), ageGroup: 'kids', location: hood('Park Slope', 'BK0602'), priceMaxCents: 9000, when: when(null, null, [1, 2, 3, 4, 5], [EVENING]) } },
  { query: 'for my wife salsa in williamsburg this weekend', expect: { services: svc('salsa'), ageGroup: 'adults', location: hood('Williamsburg', 'BK0102', 'BK0103', 'BK0104'), when: when('2026-12-12T05:00:00.000Z', '2026-12-14T05:00:00.000Z', [], []) } },
  { query: 'online chess for a 10 year old beginner', expect: { services: svc('chess'), ageGroup: 'kids', level: 'beginner', location: ONLINE, lessonType: 'online' } },
  { query: 'beginner guitar for adults in astoria on weekends under $70', expect: { services: svc('guitar'), ageGroup: 'adults', level: 'beginner', location: hood('Astoria', 'QN0101', 'QN0102', 'QN0103', 'QN0104'), priceMaxCents: 7000, when: when(null, null, [6, 7], []) } },
  { query: 'sat prep for my 16 year old in the ues after school', expect: { services: svc('sat'), ageGroup: 'teens', location: hood('Upper East Side', 'MN0801', 'MN0802', 'MN0803'), when: when(null, null, [], [hours('15:00', '22:00')]) } },
  { query: 'calculus tutor upper west side tomorrow after 5pm under $120', expect: { services: svc('calculus'), location: hood('Upper West Side', 'MN0701', 'MN0702', 'MN0703'), priceMaxCents: 12000, when: when('2026-12-10T05:00:00.000Z', '2026-12-11T05:00:00.000Z', [], [hours('17:00', '24:00')]) } },
  { query: 'advanced violin lessons for my teen in harlem saturday morning', expect: { services: svc('violin'), ageGroup: 'teens', level: 'advanced', location: hood('Harlem', 'MN1001', 'MN1002'), when: when('2026-12-12T05:00:00.000Z', '2026-12-13T05:00:00.000Z', [], [MORNING]) } },
  { query: 'swim lessons for my 5 year old at my place in bay ridge', expect: { services: svc('swimming'), ageGroup: 'kids', location: hood('Bay Ridge', 'BK1001'), lessonType: 'student_location' } },
  { query: 'piano at your studio in park slope for a beginner', expect: { services: svc('piano'), level: 'beginner', location: hood('Park Slope', 'BK0602'), lessonType: 'instructor_location' } },
  { query: 'yoga online this morning for me', expect: { services: svc('yoga'), ageGroup: 'adults', location: ONLINE, when: when('2026-12-09T20:00:00.000Z', '2026-12-10T05:00:00.000Z', [], [MORNING]), lessonType: 'online' } },
  { query: 'in person spanish tutor in 11215 under $60/hr', expect: { services: svc('spanish'), location: zip('11215', 'BK0701'), priceMaxCents: 6000, lessonType: 'in_person' } },
  { query: 'kids karate near me after school', expect: { services: svc('martial-arts'), ageGroup: 'kids', location: NEAR_ME, when: when(null, null, [], [hours('15:00', '22:00')]) } },
  { query: 'toddler music class in tribeca mornings', expect: { category: cat('music'), ageGroup: 'kids', location: hood('Tribeca', 'MN0102'), when: when(null, null, [], [MORNING]) } },
  { query: 'teen coding online weekends', expect: { services: svc('web-development'), ageGroup: 'teens', location: ONLINE, when: when(null, null, [6, 7], []), lessonType: 'online' } },
  { query: 'adult beginner tennis in forest hills tomorrow morning', expect: { services: svc('tennis'), ageGroup: 'adults', level: 'beginner', location: hood('Forest Hills', 'QN0602'), when: when('2026-12-10T05:00:00.000Z', '2026-12-11T05:00:00.000Z', [], [MORNING]) } },
  { query: 'jazz piano', expect: { services: svc('piano'), keywords: ['jazz'] } },
  { query: 'jazz', expect: { services: svc('jazz-dance') } },
  { query: 'classical guitar', expect: { services: svc('guitar') } },
  { query: 'english tutor for my son', expect: { services: svc('esl'), ageGroup: 'kids' } },
  { query: 'english essay help', expect: { services: svc('essay-writing') } },
  { query: 'reading tutor for my 7 year old', expect: { services: svc('reading'), ageGroup: 'kids' } },
  { query: 'music theory', expect: { services: svc('music-theory') } },
  { query: 'creative writing', expect: { services: svc('fiction-writing') } },
  { query: 'hip hop', expect: { services: svc('hip-hop') } },
  { query: 'hiphop', expect: { services: svc('hip-hop') } },
  { query: 'hip-hop dance for teens', expect: { services: svc('hip-hop'), ageGroup: 'teens' } },
  { query: 'mandarin', expect: { services: svc('mandarin') } },
  { query: 'chinese for kids', expect: { services: svc('mandarin'), ageGroup: 'kids' } },
  { query: 'español', expect: { services: svc('spanish') } },
  { query: 'Español para niños', expect: { services: svc('spanish'), keywords: ['para', 'ninos'], unresolved: ['para', 'ninos'] } },
  { query: 'piano ♪ lessons', expect: { services: svc('piano') } },
  { query: 'ピアノ', expect: { keywords: ['ピアノ'], unresolved: ['ピアノ'] } },
  { query: '😀 guitar 🎸', expect: { services: svc('guitar') } },
  { query: 'café piano', expect: { services: svc('piano'), keywords: ['cafe'], unresolved: ['cafe'] } },
  { query: 'français tutor', expect: { services: svc('french') } },
  { query: 'crème brûlée baking', expect: { services: svc('baking'), keywords: ['creme', 'brulee'], unresolved: ['creme', 'brulee'] } },
  { query: 'résumé help', expect: { services: svc('resume-writing') } },
  { query: 'yoga — tomorrow', expect: { services: svc('yoga'), when: when('2026-12-10T05:00:00.000Z', '2026-12-11T05:00:00.000Z', [], []) } },
  { query: 'piano, guitar, or drums?', expect: { services: svc('piano', 'guitar', 'drums') } },
  { query: 'piano and guitar', expect: { services: svc('piano', 'guitar') } },
  { query: 'math and physics tutor', expect: { services: svc('elementary-math', 'physics') } },
  { query: '', expect: {} },
  { query: '   ', expect: {} },
  { query: 'the', expect: {} },
  { query: 'lessons', expect: {} },
  { query: 'a teacher for my kid', expect: { ageGroup: 'kids' } },
  { query: 'patient female guitar teacher', expect: { services: svc('guitar'), keywords: ['patient', 'female'] } },
  { query: 'cheap piano lessons', expect: { services: svc('piano'), keywords: ['cheap'] } },
  { query: 'best math tutor', expect: { services: svc('elementary-math') } },
  { query: 'something fun to do', expect: { keywords: ['fun'] } },
  { query: 'xyzzy', expect: { keywords: ['xyzzy'], unresolved: ['xyzzy'] } },
  { query: 'asdf qwerty', expect: { keywords: ['asdf', 'qwerty'], unresolved: ['asdf', 'qwerty'] } },
  { query: 'lorem ipsum dolor sit amet', expect: { keywords: ['lorem', 'ipsum', 'dolor', 'sit', 'amet'], unresolved: ['lorem', 'ipsum', 'dolor', 'sit', 'amet'] } },
  { query: '$$$', expect: {} },
  { query: '12345', expect: { keywords: ['12345'], unresolved: ['12345'] } },
  { query: '99', expect: { keywords: ['99'], unresolved: ['99'] } },
  { query: '!!!', expect: {} },
  { query: 'piano piano piano', expect: { services: svc('piano') } },
  { query: 'music lessons', expect: { category: cat('music') } },
  { query: 'sports for kids', expect: { category: cat('sports'), ageGroup: 'kids' } },
  { query: 'dance classes', expect: { category: cat('dance') } },
  { query: 'language lessons', expect: { category: cat('languages') } },
  { query: 'test prep', expect: { category: cat('test-prep') } },
  { query: 'tutoring', expect: { category: cat('academic-tutoring') } },
  { query: 'art classes for kids', expect: { category: cat('arts-crafts'), ageGroup: 'kids' } },
  { query: 'fitness', expect: { category: cat('fitness-wellness') } },
  { query: 'cooking', expect: { services: svc('cooking-basics') } },
  { query: 'cooking class', expect: { services: svc('cooking-basics') } },
  { query: 'baking', expect: { services: svc('baking') } },
  { query: 'knitting', expect: { services: svc('knitting') } },
  { query: 'learn to cook', expect: { services: svc('cooking-basics') } },
  { query: 'chess club', expect: { services: svc('chess'), keywords: ['club'], unresolved: ['club'] } },
  { query: 'mahjong', expect: { services: svc('mahjong') } },
  { query: 'go lessons', expect: { services: svc('go-game') } },
  { query: 'go game', expect: { services: svc('go-game') } },
  { query: 'bridge lessons', expect: { services: svc('bridge') } },
  { query: 'DJ lessons', expect: { services: svc('djing') } },
  { query: 'voice', expect: { services: svc('voice') } },
  { query: 'singing lessons', expect: { services: svc('voice') } },
  { query: 'vocal coach', expect: { services: svc('voice') } },
  { query: 'sat', expect: { services: svc('sat') } },
  { query: 'act prep', expect: { services: svc('act') } },
  { query: 'lsat', expect: { services: svc('lsat') } },
  { query: 'mcat tutor', expect: { services: svc('mcat') } },
  { query: 'shsat prep for my 12 year old', expect: { services: svc('shsat'), ageGroup: 'kids' } },
  { query: 'hunter test prep', expect: { services: svc('hunter-entrance-exam') } },
  { query: 'regents prep', expect: { services: svc('regents') } },
  { query: 'ap bio', expect: { services: svc('biology') } },
  { query: 'ap calc', expect: { services: svc('calculus'), keywords: ['ap'] } },
  { query: 'algebra 2', expect: { services: svc('algebra') } },
  { query: 'trig tutor', expect: { services: svc('geometry') } },
  { query: 'personal trainer', expect: { services: svc('personal-training') } },
  { query: 'pt near me', expect: { services: svc('personal-training'), location: NEAR_ME } },
  { query: 'marathon training', expect: { services: svc('running-coaching') } },
  { query: 'meditation online', expect: { services: svc('meditation'), location: ONLINE, lessonType: 'online' } },
  { query: 'tai chi in chinatown', expect: { services: svc('tai-chi'), location: hood('Chinatown', 'MN0301') } },
  { query: 'ice skating for kids', expect: { services: svc('ice-skating'), ageGroup: 'kids' } },
  { query: 'rock climbing', expect: { services: svc('rock-climbing') } },
  { query: 'learn to skate', expect: { services: svc('ice-skating') } },
  { query: 'golf lessons', expect: { services: svc('golf') } },
  { query: 'soccer for my 6 year old', expect: { services: svc('soccer'), ageGroup: 'kids' } },
  { query: 'basketball training', expect: { services: svc('basketball') } },
  { query: 'boxing', expect: { services: svc('boxing') } },
  { query: 'karate', expect: { services: svc('martial-arts') } },
  { query: 'public speaking coach', expect: { services: svc('public-speaking') } },
  { query: 'mock interview', expect: { services: svc('interview-coaching') } },
  { query: 'resume', expect: { services: svc('resume-writing') } },
  { query: 'college essay help', expect: { services: svc('college-essays') } },
  { query: 'acting coach', expect: { services: svc('acting') } },
  { query: 'audition prep', expect: { services: svc('audition-prep') } },
  { query: 'voice over', expect: { services: svc('voice-over') } },
  { query: 'screenwriting', expect: { services: svc('screenwriting') } },
  { query: 'poetry', expect: { services: svc('poetry') } },
  { query: 'memoir writing', expect: { services: svc('memoir-writing') } },
  { query: 'knife skills', expect: { services: svc('knife-skills') } },
  { query: 'cake decorating', expect: { services: svc('cake-decorating') } },
  { query: 'excel', expect: { services: svc('excel') } },
  { query: 'photoshop', expect: { services: svc('graphic-design') } },
  { query: 'python', expect: { services: svc('python') } },
  { query: 'web design', expect: { services: svc('web-development') } },
  { query: 'data science', expect: { services: svc('data-science') } },
  { query: 'video editing', expect: { services: svc('video-editing') } },
  { query: 'iphone help for my dad', expect: { services: svc('computer-basics'), ageGroup: 'adults' } },
  { query: 'computer lessons for seniors', expect: { services: svc('computer-basics'), ageGroup: 'adults' } },
  { query: 'pottery', expect: { services: svc('pottery') } },
  { query: 'drawing', expect: { services: svc('drawing') } },
  { query: 'watercolor', expect: { services: svc('painting') } },
  { query: 'sewing', expect: { services: svc('sewing') } },
  { query: 'calligraphy', expect: { services: svc('calligraphy') } },
  { query: 'ukulele', expect: { services: svc('ukulele') } },
  { query: 'bass guitar', expect: { services: svc('bass-guitar') } },
  { query: 'saxophone', expect: { services: svc('saxophone') } },
  { query: 'trumpet', expect: { services: svc('trumpet') } },
  { query: 'flute', expect: { services: svc('flute') } },
  { query: 'clarinet', expect: { services: svc('clarinet') } },
  { query: 'music production', expect: { services: svc('music-production') } },
  { query: 'songwriting', expect: { services: svc('songwriting') } },
  { query: 'asl', expect: { services: svc('asl') } },
  { query: 'sign language for my daughter', expect: { services: svc('asl'), ageGroup: 'kids' } },
  { query: 'hebrew for my son\'s bar mitzvah', expect: { services: svc('hebrew'), ageGroup: 'kids' } },
  { query: 'arabic', expect: { services: svc('arabic') } },
  { query: 'korean', expect: { services: svc('korean') } },
  { query: 'japanese', expect: { services: svc('japanese') } },
  { query: 'german', expect: { services: svc('german') } },
  { query: 'italian', expect: { services: svc('italian') } },
  { query: 'portuguese', expect: { services: svc('portuguese') } },
  { query: 'russian', expect: { services: svc('russian') } },
  { query: 'french', expect: { services: svc('french') } },
  { query: 'piano tomorrow morning', now: '2027-03-13T17:00:00Z', expect: { services: svc('piano'), when: when('2027-03-14T05:00:00.000Z', '2027-03-15T04:00:00.000Z', [], [MORNING]) } },
  { query: 'tomorrow', now: '2027-03-13T17:00:00Z', expect: { when: when('2027-03-14T05:00:00.000Z', '2027-03-15T04:00:00.000Z', [], []) } },
  { query: 'tonight', now: '2027-03-14T18:00:00Z', expect: { when: when('2027-03-14T18:00:00.000Z', '2027-03-15T04:00:00.000Z', [], [EVENING]) } },
  { query: 'this weekend', now: '2027-03-12T15:00:00Z', expect: { when: when('2027-03-13T05:00:00.000Z', '2027-03-15T04:00:00.000Z', [], []) } },
  { query: 'tomorrow', now: '2026-10-31T16:00:00Z', expect: { when: when('2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z', [], []) } },
  { query: 'this weekend', now: '2026-10-31T16:00:00Z', expect: { when: when('2026-10-31T16:00:00.000Z', '2026-11-02T05:00:00.000Z', [], []) } },
  { query: 'today', now: '2026-11-01T05:30:00Z', expect: { when: when('2026-11-01T05:30:00.000Z', '2026-11-02T05:00:00.000Z', [], []) } },
  { query: 'this weekend', now: '2026-12-12T15:00:00Z', expect: { when: when('2026-12-12T15:00:00.000Z', '2026-12-14T05:00:00.000Z', [], []) } },
  { query: 'next weekend', now: '2026-12-13T15:00:00Z', expect: { when: when('2026-12-19T05:00:00.000Z', '2026-12-21T05:00:00.000Z', [], []) } },
  { query: 'on tuesday', now: '2026-12-15T15:00:00Z', expect: { when: when('2026-12-15T15:00:00.000Z', '2026-12-16T05:00:00.000Z', [], []) } },
  { query: 'next tuesday', now: '2026-12-15T15:00:00Z', expect: { when: when('2026-12-22T05:00:00.000Z', '2026-12-23T05:00:00.000Z', [], []) } },
  { query: 'jan 2', now: '2026-12-31T15:00:00Z', expect: { when: when('2027-01-02T05:00:00.000Z', '2027-01-03T05:00:00.000Z', [], []) } },
  { query: '12/30', now: '2026-12-31T15:00:00Z', expect: { when: when('2027-12-30T05:00:00.000Z', '2027-12-31T05:00:00.000Z', [], []) } },
  { query: 'feb 29', now: '2027-02-27T15:00:00Z', expect: { when: when('2028-02-29T05:00:00.000Z', '2028-03-01T05:00:00.000Z', [], []) } },
  { query: 'today', now: '2026-12-09T04:30:00Z', expect: { when: when('2026-12-09T04:30:00.000Z', '2026-12-09T05:00:00.000Z', [], []) } },
  // 1,000-character inputs: cut at MAX_QUERY_CHARS (256), keywords without repeats.
  { query: PUNCTUATION_GARBAGE, expect: {} },
  { query: 'x'.repeat(1000), expect: { keywords: ['x'.repeat(256)], unresolved: ['x'.repeat(256)] } },
  { query: `piano in park slope ${'zzz '.repeat(245)}`, expect: { services: svc('piano'), location: hood('Park Slope', 'BK0602'), keywords: ['zzz'], unresolved: ['zzz'] } },
  {
    query: 'guitar tomorrow '.repeat(63),
    expect: { services: svc('guitar'), when: when('2026-12-10T05:00:00.000Z', '2026-12-11T05:00:00.000Z', [], []) },
  },
  { query: Array.from({ length: 100 }, (_, i) => `w${i}rd`).join(' '), expect: KEYWORDS_CAPPED },
];

/** The queries alone, for the bench (`npm run bench`): parse time is measured there, never in a test. */
export const PARSER_BENCH_QUERIES: readonly string[] = PARSER_CASES.map((row) => row.query);
