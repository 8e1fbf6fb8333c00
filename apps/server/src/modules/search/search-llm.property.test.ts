import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { LLM_AGE_GROUPS, LLM_LESSON_TYPES, LLM_LEVELS, type LlmSearchFields, llmSearchFieldsSchema } from '../../integrations/llm/llm.port.ts';
import { CATALOG } from '../catalog/catalog.data.ts';
import { applyLlmFields, llmCatalog } from './search-llm.policy.ts';
import { MAX_KEYWORDS, parseSearchQuery } from './search-parse.policy.ts';
import { loadSearchVocabulary, type SearchVocabulary } from './search-vocabulary.ts';

let vocabulary: SearchVocabulary;
let categories: Map<string, string>;
beforeAll(() => {
  vocabulary = loadSearchVocabulary();
  categories = new Map(llmCatalog(CATALOG).categories.map((category) => [category.slug, category.name]));
});

const slugs = () => [...vocabulary.services.keys(), ...categories.keys()];
const text = (max: number) => fc.oneof(fc.string({ minLength: 1, maxLength: max }), fc.constantFrom('park slope', 'UWS', 'online', 'near me', 'tomorrow evening', 'dec 12', '11215', 'Brooklyn'));
/** Any answer the adapter would let through: within the schema, otherwise anything. */
const fields = () =>
  fc
    .record({
      services: fc.array(fc.oneof(fc.constantFrom(...slugs()), fc.string({ minLength: 1, maxLength: 80 })), { maxLength: 8 }),
      category: fc.option(fc.oneof(fc.constantFrom(...slugs()), fc.string({ minLength: 1, maxLength: 80 }))),
      ageGroup: fc.option(fc.constantFrom(...LLM_AGE_GROUPS)),
      level: fc.option(fc.constantFrom(...LLM_LEVELS)),
      location: fc.option(text(120)),
      priceMaxDollars: fc.option(fc.double({ min: 0, max: 10_000, noNaN: true })),
      priceMinDollars: fc.option(fc.double({ min: 0, max: 10_000, noNaN: true })),
      when: fc.option(text(120)),
      lessonType: fc.option(fc.constantFrom(...LLM_LESSON_TYPES)),
      keywords: fc.array(fc.string({ minLength: 1, maxLength: 60 }), { maxLength: 16 }),
    })
    .filter((candidate): candidate is LlmSearchFields => llmSearchFieldsSchema.safeParse(candidate).success);

describe('the model’s fields on the fast parse, for any query and any answer the adapter accepts', () => {
  it('never throws, and only ever yields the catalog’s slugs, sane prices and at most 16 keywords', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fields(), fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }), (query, answer, nowMs) => {
        const fast = parseSearchQuery(vocabulary, query, nowMs);
        const parse = applyLlmFields(vocabulary, categories, fast, answer, nowMs);
        expect(parse.parser).toBe('llm');
        for (const service of parse.services) expect(vocabulary.services.get(service.slug)).toBe(service.name);
        if (parse.category) expect(categories.get(parse.category.slug)).toBe(parse.category.name);
        for (const price of [parse.priceMaxCents, parse.priceMinCents]) if (price !== null) expect(Number.isInteger(price) && price >= 0).toBe(true);
        // The model never makes the limits contradict each other (what the fast parser read stays as read).
        const fastHadPrices = fast.priceMaxCents !== null || fast.priceMinCents !== null;
        if (!fastHadPrices && parse.priceMaxCents !== null && parse.priceMinCents !== null) expect(parse.priceMinCents).toBeLessThanOrEqual(parse.priceMaxCents);
        expect(parse.keywords.length).toBeLessThanOrEqual(MAX_KEYWORDS);
        for (const keyword of parse.keywords) expect(keyword.trim()).toBe(keyword);
        for (const keyword of parse.keywords) expect(keyword).not.toBe('');
        expect(parse.unresolved).toEqual(fast.unresolved);
      }),
      { numRuns: 400 },
    );
  });
});
