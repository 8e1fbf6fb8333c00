import { extractAge, extractPrices } from './search-numbers.policy.ts';
import type { AgeGroup, LessonType, Level, Named, SearchLocation, SearchParse } from './search-parse.types.ts';
import { allowedEdits, boundedEditDistance, normalizeQuery, stem, tokenize } from './search-text.ts';
import type { PlaceGroup, SearchVocabulary, VocabularyEntry } from './search-vocabulary.ts';
import { extractTimePatterns, resolveWhen, type WhenFact } from './search-when.policy.ts';

/**
 * The fast natural-language search parser (PRODUCT.md §4, issue 9): a pure function of the
 * query, the vocabulary built once at start-up and the marketplace clock's now. No I/O, no
 * database, no exceptions: whatever it cannot explain stays as keywords, and the meaningful ones
 * are listed in `unresolved` for the caller to decide whether the LLM parser should try.
 *
 * Order of work: numbers with a meaning first (dates and times, prices, ages, ZIP codes), then
 * the words left, matched left to right against the vocabulary's phrases, longest first,
 * exactly (after plural stemming) and else with a typo allowance scaled to the phrase's length.
 */

/** Longer input is cut: no one types a search longer than this, and the work stays bounded. */
export const MAX_QUERY_CHARS = 256;
export const MAX_KEYWORDS = 16;
/** Typo matching spans at most this many words ("uper west side"). */
const MAX_FUZZY_WORDS = 3;

const ZIP = /(?<![\d$.])(\d{5})(?:-\d{4})?(?![\d.])/g;

interface Found {
  services: Named[];
  /** Services named only by a modifier word, with that word: kept only when alone. */
  modifierServices: Array<{ service: Named; word: string }>;
  serviceAge: AgeGroup | null;
  category: Named | null;
  places: PlaceGroup[][];
  boroughs: string[];
  wordAge: AgeGroup | null;
  level: Level | null;
  lessonType: Exclude<LessonType, 'online'> | null;
  online: boolean;
  nearMe: boolean;
  when: WhenFact[];
  keywords: string[];
  /** Keywords the parser understood but has no filter for ("jazz" in "jazz piano"): never unresolved. */
  describedKeywords: string[];
}

export function parseSearchQuery(vocabulary: SearchVocabulary, query: string, nowMs: number): SearchParse {
  let text = normalizeQuery(String(query).slice(0, MAX_QUERY_CHARS * 2)).slice(0, MAX_QUERY_CHARS);

  const time = extractTimePatterns(text, nowMs);
  const prices = extractPrices(time.text);
  const age = extractAge(prices.text);
  text = age.text;
  let zip: string | null = null;
  const unknownZips: string[] = [];
  if (/\d{5}/.test(text)) {
    text = text.replace(ZIP, (_whole, code: string) => {
      if (vocabulary.zips.has(code)) zip ??= code;
      else unknownZips.push(code);
      return ' ';
    });
  }

  const found: Found = {
    services: [],
    modifierServices: [],
    serviceAge: null,
    category: null,
    places: [],
    boroughs: [],
    wordAge: null,
    level: null,
    lessonType: null,
    online: false,
    nearMe: false,
    when: [...time.facts],
    keywords: [],
    describedKeywords: [],
  };
  matchPhrases(vocabulary, tokenize(text), found);
  settleModifiers(found);
  // "in person or online": either will do, so neither is a filter.
  if (found.online && found.lessonType !== null) {
    found.online = false;
    found.lessonType = null;
  }

  return {
    services: servicesFor(vocabulary, found, age.ageGroup),
    category: categoryFor(vocabulary, found),
    ageGroup: age.ageGroup ?? found.wordAge ?? found.serviceAge,
    level: found.level,
    location: locationFor(vocabulary, found, zip),
    priceMaxCents: prices.maxCents,
    priceMinCents: prices.minCents,
    when: resolveWhen(found.when, nowMs),
    lessonType: found.lessonType ?? (found.online ? 'online' : null),
    keywords: [...found.keywords, ...unknownZips].slice(0, MAX_KEYWORDS),
    unresolved: [
      ...found.keywords.filter((keyword) => !vocabulary.knownKeywords.has(stem(keyword)) && !found.describedKeywords.includes(keyword)),
      ...unknownZips,
    ].slice(0, MAX_KEYWORDS),
    parser: 'fast',
  };
}

/** Left to right, the longest phrase at each word: exact first, then with typos; the rest are keywords. */
function matchPhrases(vocabulary: SearchVocabulary, tokens: string[], found: Found): void {
  const stems = tokens.map(stem);
  const count = stems.length;
  let i = 0;
  while (i < count) {
    const longest = Math.min(vocabulary.maxPhraseWords, count - i);
    let matched = 0;
    for (let length = longest; length >= 1 && matched === 0; length--) {
      const entry = vocabulary.phrases.get(joinStems(stems, i, length));
      if (entry) {
        apply(entry, tokens, i, length, found);
        matched = length;
      }
    }
    if (matched === 0 && isFuzzyWord(vocabulary, stems[i]!)) {
      for (let length = Math.min(MAX_FUZZY_WORDS, count - i); length >= 1 && matched === 0; length--) {
        if (!isFuzzyWord(vocabulary, stems[i + length - 1]!)) continue;
        // The stemmer can hurt a typo ("calculas" → "calcula"), so the word as typed gets a try too.
        let key = fuzzyLookup(vocabulary, joinStems(stems, i, length), length);
        if (key === null && tokens[i + length - 1] !== stems[i + length - 1]) key = fuzzyLookup(vocabulary, joinStems(tokens, i, length), length);
        if (key !== null) {
          apply(vocabulary.phrases.get(key)!, tokens, i, length, found);
          matched = length;
        }
      }
    }
    if (matched === 0) {
      const token = tokens[i]!;
      if (!vocabulary.stopWords.has(stems[i]!) && !found.keywords.includes(token)) found.keywords.push(token);
      matched = 1;
    }
    i += matched;
  }
}

function joinStems(words: readonly string[], start: number, length: number): string {
  if (length === 1) return words[start]!;
  let key = words[start]!;
  for (let k = start + 1; k < start + length; k++) key += ` ${words[k]!}`;
  return key;
}

/** Stop words and numbers are never typos of something else ("for" is not "fork", "10" not "1o"). */
function isFuzzyWord(vocabulary: SearchVocabulary, word: string): boolean {
  return word.length >= 3 && !vocabulary.stopWords.has(word) && !/\d/.test(word);
}

/** The closest phrase of as many words within the typo allowance, same first letter; ties keep vocabulary order. */
function fuzzyLookup(vocabulary: SearchVocabulary, key: string, words: number): string | null {
  const max = allowedEdits(key.length);
  if (max === 0) return null;
  let best: string | null = null;
  let bestDistance = max + 1;
  // Candidates of 4 letters or more only (the buckets hold no shorter ones): "yogaa" is yoga.
  for (let length = Math.max(4, key.length - max); length <= key.length + max; length++) {
    const candidates = vocabulary.fuzzy.get(`${words}|${key[0]}|${length}`);
    if (!candidates) continue;
    for (const candidate of candidates) {
      const limit = bestDistance - 1;
      if (limit <= 0) continue;
      const distance = boundedEditDistance(key, candidate, limit);
      if (distance <= limit) {
        best = candidate;
        bestDistance = distance;
        if (distance === 1) return best;
      }
    }
  }
  return best;
}

function apply(entry: VocabularyEntry, tokens: readonly string[], start: number, length: number, found: Found): void {
  switch (entry.kind) {
    case 'service':
      if (entry.modifier) {
        found.modifierServices.push({ service: { slug: entry.slug, name: entry.name }, word: tokens.slice(start, start + length).join(' ') });
        break;
      }
      if (!found.services.some((service) => service.slug === entry.slug)) found.services.push({ slug: entry.slug, name: entry.name });
      found.serviceAge ??= entry.ageGroup;
      break;
    case 'category':
      found.category ??= { slug: entry.slug, name: entry.name };
      break;
    case 'place':
      found.places.push(entry.groups);
      break;
    case 'borough':
      if (!found.boroughs.includes(entry.name)) found.boroughs.push(entry.name);
      break;
    case 'age':
      found.wordAge ??= entry.ageGroup;
      break;
    case 'level':
      found.level ??= entry.level;
      break;
    case 'lessonType':
      found.lessonType ??= entry.lessonType;
      break;
    case 'online':
      found.online = true;
      break;
    case 'nearMe':
      found.nearMe = true;
      break;
    case 'when': {
      const fact = entry.fact;
      // "tuesdays" is every Tuesday; "tuesday" the next one.
      const last = tokens[start + length - 1]!;
      if (fact.type === 'weekday' && fact.mode === 'bare' && last.length > 3 && last.endsWith('s') && !last.endsWith('ss')) {
        found.when.push({ ...fact, mode: 'every' });
      } else {
        found.when.push(fact);
      }
      break;
    }
  }
}

/** "jazz" alone is Jazz Dance; "jazz piano" is piano with the keyword "jazz". */
function settleModifiers(found: Found): void {
  for (const { service, word } of found.modifierServices) {
    if (found.services.length === 0 || found.services.every((kept) => kept.slug === service.slug)) {
      if (!found.services.some((kept) => kept.slug === service.slug)) found.services.push(service);
    } else if (!found.keywords.includes(word)) {
      found.keywords.push(word);
      found.describedKeywords.push(word);
    }
  }
}

/** Coding for a child is the kids' coding service, whatever word said "coding". */
function servicesFor(vocabulary: SearchVocabulary, found: Found, numericAge: AgeGroup | null): Named[] {
  const ageGroup = numericAge ?? found.wordAge ?? found.serviceAge;
  if (ageGroup !== 'kids') return found.services;
  const kidsCoding = vocabulary.services.get('coding-for-kids');
  if (!kidsCoding || !found.services.some((service) => service.slug === 'web-development')) return found.services;
  const services: Named[] = [];
  for (const service of found.services) {
    const replacement = service.slug === 'web-development' ? { slug: 'coding-for-kids', name: kidsCoding } : service;
    if (!services.some((kept) => kept.slug === replacement.slug)) services.push(replacement);
  }
  return services;
}

/**
 * A category word is kept unless the services found belong elsewhere: in "spanish tutoring",
 * "tutoring" only says it is lessons.
 */
function categoryFor(vocabulary: SearchVocabulary, found: Found): Named | null {
  const category = found.category;
  if (!category) return null;
  return found.services.every((service) => vocabulary.categoryOfService.get(service.slug) === category.slug) ? category : null;
}

/** A place named beats a ZIP, which beats a borough, then "near me", then online. */
function locationFor(vocabulary: SearchVocabulary, found: Found, zip: string | null): SearchLocation | null {
  if (found.places.length > 0) {
    // A borough named next to an ambiguous place picks it ("murray hill queens").
    const groups = found.places.map((options) => options.find((group) => found.boroughs.includes(group.borough)) ?? options[0]!);
    const neighborhoods = groups.flatMap((group) => group.neighborhoods).filter((item, index, all) => all.findIndex((other) => other.code === item.code) === index);
    const boroughs = new Set(groups.map((group) => group.borough));
    return {
      kind: 'neighborhood',
      name: [...new Set(groups.map((group) => group.name))].join(', '),
      neighborhoods,
      borough: boroughs.size === 1 ? groups[0]!.borough : null,
    };
  }
  if (zip !== null) {
    const place = vocabulary.zips.get(zip)!;
    return { kind: 'zip', name: zip, neighborhoods: place.neighborhoods, borough: place.borough };
  }
  const borough = found.boroughs[0];
  if (borough !== undefined) return { kind: 'borough', name: borough, neighborhoods: [], borough };
  if (found.nearMe) return { kind: 'near_me', name: 'Near me', neighborhoods: [], borough: null };
  if (found.online) return { kind: 'online', name: 'Online', neighborhoods: [], borough: null };
  return null;
}
