import { isoWeekday, marketplaceDate } from '@instainstru/marketplace-time';
import type { LlmSearchFields, SearchInterpretationContext } from '../../integrations/llm/llm.port.ts';
import type { CategorySeed } from '../catalog/catalog.data.ts';
import { MAX_KEYWORDS, parseSearchQuery } from './search-parse.policy.ts';
import type { Named, SearchParse } from './search-parse.types.ts';
import { normalizeQuery, phraseKey, stem } from './search-text.ts';
import type { SearchVocabulary } from './search-vocabulary.ts';

/**
 * When the LLM search parser is asked, and how its answer becomes a parse (issue 9). Pure: the
 * vocabulary, the fast parse and the clock's now come in, a decision or a parse goes out.
 *
 * The model only fills what the fast parser left empty. What the fast parser found it found
 * exactly, from our own vocabulary, so the model never overrules it; and whatever the model
 * says must land on that same vocabulary (catalog slugs, places and times resolved by the fast
 * parser itself), or it is dropped.
 */

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * The unresolved words worth a model call: at least 3 letters ("xq" or a stray "zz" is noise,
 * "clases" or "ピアノ" is not), or 2 letters of a script that writes words that short
 * ("钢琴", piano), and not a stop word. Digits alone (a ZIP outside the city) never qualify:
 * the model could only place them through the same gazetteer that did not know them.
 */
export function wordsWorthTheLlm(parse: Pick<SearchParse, 'unresolved'>, stopWords: ReadonlySet<string>): string[] {
  return parse.unresolved.filter((word) => {
    if (stopWords.has(stem(word))) return false;
    const letters = word.match(/\p{L}/gu)?.length ?? 0;
    const latin = word.match(/[a-z]/g)?.length ?? 0;
    return letters >= 3 || (letters >= 2 && latin === 0);
  });
}

export function shouldAskLlm(parse: Pick<SearchParse, 'unresolved'>, stopWords: ReadonlySet<string>): boolean {
  return wordsWorthTheLlm(parse, stopWords).length > 0;
}

/** The catalog as the model is shown it, in catalog order. */
export function llmCatalog(catalog: readonly CategorySeed[]): Pick<SearchInterpretationContext, 'services' | 'categories'> {
  return {
    services: catalog.flatMap((category) => category.services.map(({ slug, name }) => ({ slug, name }))),
    categories: catalog.map(({ slug, name }) => ({ slug, name })),
  };
}

/** "2026-12-01 (Tuesday)": New York's date at `nowMs`. */
export function llmToday(nowMs: number): string {
  const date = marketplaceDate(nowMs);
  return `${date} (${WEEKDAYS[isoWeekday(date) - 1]!})`;
}

/** The cache key of a query: the same normalization the fast parser applies, so "Piano!" and "piano" share an answer. */
export function llmCacheKey(query: string): string {
  return `search:llm:v1:${normalizeQuery(String(query).slice(0, 512)).slice(0, 256)}`;
}

/**
 * The fast parse completed with the model's fields. Each field the fast parser left empty takes
 * the model's value once it is checked: slugs must exist in the catalog (a category only when it
 * contains every service kept), the place and the time go through the fast parser, prices are
 * converted to cents and dropped if they contradict each other. Keywords are the fast parser's
 * understood ones plus the model's, minus anything the vocabulary already knows as a filter.
 * `unresolved` stays what the fast parser could not explain: that is what alias learning needs.
 */
export function applyLlmFields(vocabulary: SearchVocabulary, categories: ReadonlyMap<string, string>, fast: SearchParse, fields: LlmSearchFields, nowMs: number): SearchParse {
  const services = fast.services.length > 0 ? fast.services : catalogServices(vocabulary, fields.services);
  const place = fast.location === null && fields.location ? parseSearchQuery(vocabulary, fields.location, nowMs) : null;
  const time = fast.when === null && fields.when ? parseSearchQuery(vocabulary, fields.when, nowMs) : null;
  const prices = llmPrices(fast, fields);
  const unresolved = new Set(fast.unresolved);

  return {
    services,
    category: fast.category ?? catalogCategory(vocabulary, categories, fields.category, services),
    ageGroup: fast.ageGroup ?? fields.ageGroup,
    level: fast.level ?? fields.level,
    location: fast.location ?? place?.location ?? null,
    priceMaxCents: prices.max,
    priceMinCents: prices.min,
    when: fast.when ?? time?.when ?? null,
    // "online" as the place means online lessons, as it does when typed.
    lessonType: fast.lessonType ?? fields.lessonType ?? (place?.location?.kind === 'online' ? 'online' : null),
    keywords: uniqueKeywords([...fast.keywords.filter((keyword) => !unresolved.has(keyword)), ...llmKeywords(vocabulary, fields.keywords)]),
    unresolved: fast.unresolved,
    parser: 'llm',
  };
}

function catalogServices(vocabulary: SearchVocabulary, slugs: readonly string[]): Named[] {
  const services: Named[] = [];
  for (const slug of slugs) {
    const name = vocabulary.services.get(slug);
    if (name !== undefined && !services.some((service) => service.slug === slug)) services.push({ slug, name });
  }
  return services;
}

function catalogCategory(vocabulary: SearchVocabulary, categories: ReadonlyMap<string, string>, slug: string | null, services: readonly Named[]): Named | null {
  if (slug === null) return null;
  const name = categories.get(slug);
  if (name === undefined) return null;
  return services.every((service) => vocabulary.categoryOfService.get(service.slug) === slug) ? { slug, name } : null;
}

function llmPrices(fast: SearchParse, fields: LlmSearchFields): { max: number | null; min: number | null } {
  const cents = (dollars: number | null) => (dollars === null ? null : Math.round(dollars * 100));
  const max = fast.priceMaxCents ?? cents(fields.priceMaxDollars);
  const min = fast.priceMinCents ?? cents(fields.priceMinDollars);
  if (max !== null && min !== null && min > max) return { max: fast.priceMaxCents, min: fast.priceMinCents };
  // "Under $0" is no filter anyone means.
  return { max: max === 0 ? fast.priceMaxCents : max, min: min === 0 ? fast.priceMinCents : min };
}

/** The model's keywords as the fast parser would have kept them: normalized, and neither stop words nor known filter phrases. */
function llmKeywords(vocabulary: SearchVocabulary, keywords: readonly string[]): string[] {
  const kept: string[] = [];
  for (const keyword of keywords) {
    const normalized = normalizeQuery(keyword).replace(/[$/:.()<>]/g, ' ').replace(/\s+/g, ' ').trim();
    const key = phraseKey(normalized);
    if (key === '' || vocabulary.stopWords.has(key) || vocabulary.phrases.has(key)) continue;
    kept.push(normalized);
  }
  return kept;
}

function uniqueKeywords(keywords: readonly string[]): string[] {
  return [...new Set(keywords)].slice(0, MAX_KEYWORDS);
}
