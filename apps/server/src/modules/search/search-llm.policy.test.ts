import { beforeAll, describe, expect, it } from 'vitest';
import type { LlmSearchFields } from '../../integrations/llm/llm.port.ts';
import { noFields } from '../../../../../test/support/scripted-openai.ts';
import { CATALOG } from '../catalog/catalog.data.ts';
import { applyLlmFields, llmCacheKey, llmCatalog, llmToday, shouldAskLlm, wordsWorthTheLlm } from './search-llm.policy.ts';
import { parseSearchQuery } from './search-parse.policy.ts';
import type { SearchParse } from './search-parse.types.ts';
import { loadSearchVocabulary, type SearchVocabulary } from './search-vocabulary.ts';

const NOW = Date.parse('2026-12-01T15:00:00Z'); // Tuesday 10:00 in New York
let vocabulary: SearchVocabulary;
let categories: Map<string, string>;
beforeAll(() => {
  vocabulary = loadSearchVocabulary();
  categories = new Map(llmCatalog(CATALOG).categories.map((category) => [category.slug, category.name]));
});

const fastParse = (query: string) => parseSearchQuery(vocabulary, query, NOW);
const apply = (query: string, fields: Partial<LlmSearchFields>) => applyLlmFields(vocabulary, categories, fastParse(query), { ...noFields(), ...fields }, NOW);

describe('when the LLM is asked', () => {
  it.each([
    ['clases de piano para mi hija', ['para', 'hija']],
    ['ピアノ lessons in park slope', ['ピアノ']],
    ['钢琴课', ['钢琴课']],
    ['钢琴', ['钢琴']],
    ['piano xq', []],
    ['piano 07030', []],
    ['piano lessons for my 8 year old in park slope under $90 weekday evenings', []],
    ['patient jazz piano teacher', []],
    ['', []],
  ])('%j → words worth it: %j', (query, words) => {
    expect(wordsWorthTheLlm(fastParse(query), vocabulary.stopWords)).toEqual(words);
    expect(shouldAskLlm(fastParse(query), vocabulary.stopWords)).toBe(words.length > 0);
  });

  it('ignores stop words even if a caller lists them as unresolved, and needs 2 letters outside the Latin alphabet', () => {
    const unresolved = (words: string[]) => ({ unresolved: words });
    expect(shouldAskLlm(unresolved(['lessons', 'the', 'teacher']), vocabulary.stopWords)).toBe(false);
    expect(shouldAskLlm(unresolved(['ab', 'x1', '12345']), vocabulary.stopWords)).toBe(false);
    expect(shouldAskLlm(unresolved(['琴']), vocabulary.stopWords)).toBe(false);
    expect(shouldAskLlm(unresolved(['ab3c']), vocabulary.stopWords)).toBe(true);
  });
});

describe('what the model is told', () => {
  it("gives today's New York date with its weekday, across midnight UTC", () => {
    expect(llmToday(NOW)).toBe('2026-12-01 (Tuesday)');
    expect(llmToday(Date.parse('2026-12-02T03:00:00Z'))).toBe('2026-12-01 (Tuesday)');
    expect(llmToday(Date.parse('2026-12-06T17:00:00Z'))).toBe('2026-12-06 (Sunday)');
  });

  it('lists every catalog service and category once, by slug and name', () => {
    const catalog = llmCatalog(CATALOG);
    expect(catalog.services).toHaveLength(vocabulary.services.size);
    expect(catalog.services).toContainEqual({ slug: 'piano', name: 'Piano' });
    expect(new Set(catalog.categories.map((category) => category.slug)).size).toBe(catalog.categories.length);
    expect(catalog.categories.length).toBeGreaterThanOrEqual(12);
    for (const slug of vocabulary.categoryOfService.values()) expect(catalog.categories.some((category) => category.slug === slug)).toBe(true);
  });

  it('caches by the normalized query: case, accents, punctuation and spaces do not matter', () => {
    expect(llmCacheKey('  Clases de PIANO, por favor! ')).toBe(llmCacheKey('clases de piano por favor'));
    expect(llmCacheKey('Natación')).toBe(llmCacheKey('natacion'));
    expect(llmCacheKey('piano')).not.toBe(llmCacheKey('guitar'));
    expect(llmCacheKey('x'.repeat(5_000)).length).toBeLessThan(300);
  });
});

describe('the model’s fields on the fast parse', () => {
  it('fills what the fast parser left empty and says the LLM answered', () => {
    const parse = apply('clases de natación para mi hijo, algo cerca', {
      services: ['swimming'],
      ageGroup: 'kids',
      level: 'beginner',
      location: 'Prospect Heights',
      priceMaxDollars: 90,
      when: 'weekday evenings',
      lessonType: 'student_location',
      keywords: ['patient'],
    });
    expect(parse).toMatchObject<Partial<SearchParse>>({
      services: [{ slug: 'swimming', name: 'Swimming' }],
      ageGroup: 'kids',
      level: 'beginner',
      location: { kind: 'neighborhood', name: 'Prospect Heights', neighborhoods: [{ code: 'BK0801', name: 'Prospect Heights' }], borough: 'Brooklyn' },
      priceMaxCents: 9_000,
      priceMinCents: null,
      when: { from: null, to: null, daysOfWeek: [1, 2, 3, 4, 5], dayParts: [{ from: '17:00', to: '22:00' }] },
      lessonType: 'student_location',
      keywords: ['patient'],
      parser: 'llm',
    });
    expect(parse.unresolved).toEqual(fastParse('clases de natación para mi hijo, algo cerca').unresolved);
  });

  it('never overrules what the fast parser found', () => {
    const fast = fastParse('ピアノ for kids in park slope under $90 tomorrow');
    const parse = apply('ピアノ for kids in park slope under $90 tomorrow', {
      services: ['guitar'],
      ageGroup: 'adults',
      location: 'Harlem',
      priceMaxDollars: 200,
      when: 'next week',
    });
    expect(parse.services).toEqual([{ slug: 'guitar', name: 'Guitar' }]);
    expect(parse.ageGroup).toBe('kids');
    expect(parse.location).toEqual(fast.location);
    expect(parse.priceMaxCents).toBe(9_000);
    expect(parse.when).toEqual(fast.when);

    const withService = apply('ピアノ piano', { services: ['guitar'] });
    expect(withService.services).toEqual([{ slug: 'piano', name: 'Piano' }]);
  });

  it('keeps only catalog slugs, once each', () => {
    expect(apply('ピアノ', { services: ['piano', 'underwater-basket-weaving', 'piano', 'guitar'] }).services).toEqual([
      { slug: 'piano', name: 'Piano' },
      { slug: 'guitar', name: 'Guitar' },
    ]);
    expect(apply('ピアノ', { services: ['music'] }).services).toEqual([]);
  });

  it('takes a category only when it exists and holds every service kept', () => {
    const music = vocabulary.categoryOfService.get('piano')!;
    expect(apply('音楽', { category: music }).category).toEqual({ slug: music, name: categories.get(music) });
    expect(apply('音楽', { category: 'not-a-category' }).category).toBeNull();
    expect(apply('音楽', { category: 'piano' }).category).toBeNull();
    const other = [...categories.keys()].find((slug) => slug !== music)!;
    expect(apply('ピアノ', { services: ['piano'], category: other }).category).toBeNull();
    expect(apply('ピアノ', { services: ['piano'], category: music }).category).toEqual({ slug: music, name: categories.get(music) });
  });

  it('resolves places through the fast parser’s gazetteer: names, nicknames, boroughs, ZIP codes, near me, online', () => {
    expect(apply('ピアノ', { location: 'UWS' }).location).toMatchObject({ kind: 'neighborhood', name: 'Upper West Side', borough: 'Manhattan' });
    expect(apply('ピアノ', { location: 'Brooklyn' }).location).toEqual({ kind: 'borough', name: 'Brooklyn', neighborhoods: [], borough: 'Brooklyn' });
    expect(apply('ピアノ', { location: '11215' }).location).toMatchObject({ kind: 'zip', name: '11215', borough: 'Brooklyn' });
    expect(apply('ピアノ', { location: 'near me' }).location).toEqual({ kind: 'near_me', name: 'Near me', neighborhoods: [], borough: null });
    const online = apply('ピアノ', { location: 'online' });
    expect(online.location).toEqual({ kind: 'online', name: 'Online', neighborhoods: [], borough: null });
    expect(online.lessonType).toBe('online');
    expect(apply('ピアノ', { location: 'online', lessonType: 'student_location' }).lessonType).toBe('student_location');
  });

  it('drops a place the gazetteer does not know rather than guess', () => {
    expect(apply('ピアノ', { location: 'Hoboken, New Jersey' }).location).toBeNull();
    expect(apply('ピアノ', { location: 'Atlantis' }).location).toBeNull();
  });

  it('resolves times through the fast parser in New York time from the clock, and drops ones it cannot read', () => {
    expect(apply('ピアノ', { when: 'tomorrow evening' }).when).toEqual({
      from: '2026-12-02T05:00:00.000Z',
      to: '2026-12-03T05:00:00.000Z',
      daysOfWeek: [],
      dayParts: [{ from: '17:00', to: '22:00' }],
    });
    expect(apply('ピアノ', { when: 'dec 12' }).when).toMatchObject({ from: '2026-12-12T05:00:00.000Z', to: '2026-12-13T05:00:00.000Z' });
    expect(apply('ピアノ', { when: 'whenever the moon is full' }).when).toBeNull();
  });

  it('converts dollars to cents, and drops limits that contradict each other or mean nothing', () => {
    expect(apply('ピアノ', { priceMinDollars: 49.99, priceMaxDollars: 80 })).toMatchObject({ priceMinCents: 4_999, priceMaxCents: 8_000 });
    expect(apply('ピアノ', { priceMinDollars: 100, priceMaxDollars: 50 })).toMatchObject({ priceMinCents: null, priceMaxCents: null });
    expect(apply('ピアノ under $60', { priceMinDollars: 100 })).toMatchObject({ priceMinCents: null, priceMaxCents: 6_000 });
    expect(apply('ピアノ', { priceMaxDollars: 0 })).toMatchObject({ priceMaxCents: null });
  });

  it('replaces the words the fast parser could not explain with the model’s keywords, minus known filter phrases', () => {
    const parse = apply('clases de piano jazz con una maestra paciente', {
      services: ['piano'],
      keywords: ['Jazz', 'patient', 'female teacher', 'piano', 'Park Slope', 'the', '  ', 'Bossa-Nova!'],
    });
    expect(parse.keywords).toEqual(['jazz', 'patient', 'female teacher', 'bossa-nova']);
    expect(parse.unresolved).toEqual(fastParse('clases de piano jazz con una maestra paciente').unresolved);
  });

  it('keeps at most 16 keywords', () => {
    const keywords = Array.from({ length: 30 }, (_, index) => `word${String.fromCharCode(97 + (index % 26))}${index}`);
    expect(apply('ピアノ', { keywords }).keywords).toHaveLength(16);
  });
});
