import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CATALOG } from '../catalog/catalog.data.ts';
import { PARSER_BENCH_QUERIES } from './search-parse.cases.ts';
import { MAX_KEYWORDS, MAX_QUERY_CHARS, parseSearchQuery } from './search-parse.policy.ts';
import { loadSearchVocabulary, type SearchVocabulary } from './search-vocabulary.ts';

/** The fixed parse shape, strictly: no missing field, no extra one. */
const named = z.strictObject({ slug: z.string().min(1), name: z.string().min(1) });
const clock = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/);
const SearchParseShape = z.strictObject({
  services: z.array(named),
  category: named.nullable(),
  ageGroup: z.enum(['kids', 'teens', 'adults']).nullable(),
  level: z.enum(['beginner', 'intermediate', 'advanced']).nullable(),
  location: z
    .strictObject({
      kind: z.enum(['neighborhood', 'borough', 'zip', 'near_me', 'online']),
      name: z.string().min(1),
      neighborhoods: z.array(z.strictObject({ code: z.string().regex(/^(MN|BX|BK|QN|SI)\d{4}$/), name: z.string().min(1) })),
      borough: z.enum(['Manhattan', 'Bronx', 'Brooklyn', 'Queens', 'Staten Island']).nullable(),
    })
    .nullable(),
  priceMaxCents: z.number().int().nonnegative().nullable(),
  priceMinCents: z.number().int().nonnegative().nullable(),
  when: z
    .strictObject({
      from: z.iso.datetime().nullable(),
      to: z.iso.datetime().nullable(),
      daysOfWeek: z.array(z.number().int().min(1).max(7)),
      dayParts: z.array(z.strictObject({ from: clock, to: clock })),
    })
    .nullable(),
  lessonType: z.enum(['student_location', 'instructor_location', 'online', 'in_person']).nullable(),
  keywords: z.array(z.string().min(1)).max(MAX_KEYWORDS),
  unresolved: z.array(z.string().min(1)).max(MAX_KEYWORDS),
  parser: z.literal('fast'),
});

const SERVICE_SLUGS = new Set(CATALOG.flatMap((category) => category.services.map((service) => service.slug)));

/** Pieces people type, so that generated queries hit every branch, not only the "keywords" one. */
const WORDS = [
  ...PARSER_BENCH_QUERIES.filter((query) => query.length < 80).flatMap((query) => query.split(' ')),
  'under', '$', '-', '/hr', 'after', 'before', 'pm', 'am', '(', ')', ':', '.', 'yo', 'year', 'old', 'dec', '12/12',
  '2/30', '13/45', '99:99pm', '0am', '24', '12pm', '00000', '11215', 'ß', 'İ', 'ﬁ', '\u0000', '\uD800', '😀',
];
const queryArbitrary = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.constantFrom(...WORDS), { maxLength: 40 }).map((words) => words.join(' ')),
  fc.array(fc.constantFrom(...WORDS), { maxLength: 40 }).map((words) => words.join('')),
  fc.string({ unit: 'grapheme', minLength: 500, maxLength: 1500 }),
);
/** Any instant from 2020 to 2035: DST days, year ends and leap days included. */
const nowArbitrary = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 11, 31) });

let vocabulary: SearchVocabulary;
beforeAll(() => {
  vocabulary = loadSearchVocabulary();
});

describe('fast search parser: properties', () => {
  it('never throws and always returns the shape, with consistent values', () => {
    fc.assert(
      fc.property(queryArbitrary, nowArbitrary, (query, nowMs) => {
        const parse = parseSearchQuery(vocabulary, query, nowMs);
        SearchParseShape.parse(parse);
        for (const service of parse.services) expect(SERVICE_SLUGS.has(service.slug)).toBe(true);
        expect(new Set(parse.services.map((service) => service.slug)).size).toBe(parse.services.length);
        if (parse.priceMinCents !== null && parse.priceMaxCents !== null) expect(parse.priceMinCents).toBeLessThanOrEqual(parse.priceMaxCents);
        for (const word of parse.unresolved) expect(parse.keywords).toContain(word);
        if (parse.when) {
          const { from, to, daysOfWeek, dayParts } = parse.when;
          expect(from === null).toBe(to === null);
          if (from !== null && to !== null) {
            expect(Date.parse(from)).toBeLessThan(Date.parse(to));
            expect(Date.parse(from)).toBeGreaterThanOrEqual(nowMs);
          }
          expect([...daysOfWeek].sort((a, b) => a - b)).toEqual(daysOfWeek);
          expect(new Set(daysOfWeek).size).toBe(daysOfWeek.length);
          for (const part of dayParts) expect(part.from < part.to).toBe(true);
        }
        if (parse.location?.kind === 'neighborhood' || parse.location?.kind === 'zip') expect(parse.location.neighborhoods.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it('is a pure function: the same query and clock give the same parse', () => {
    fc.assert(
      fc.property(queryArbitrary, nowArbitrary, (query, nowMs) => {
        expect(parseSearchQuery(vocabulary, query, nowMs)).toEqual(parseSearchQuery(vocabulary, query, nowMs));
      }),
      { numRuns: 100 },
    );
  });

  it('reads a bounded prefix: what follows the first 2 × MAX_QUERY_CHARS characters changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 2 * MAX_QUERY_CHARS, maxLength: 2 * MAX_QUERY_CHARS + 50 }), fc.string({ maxLength: 200 }), nowArbitrary, (query, tail, nowMs) => {
        expect(parseSearchQuery(vocabulary, query + tail, nowMs)).toEqual(parseSearchQuery(vocabulary, query, nowMs));
      }),
      { numRuns: 100 },
    );
  });
});
