import fs from 'node:fs';
import type { GazetteerEntry } from '../../integrations/geocoding/gazetteer.ts';
import { GAZETTEER_FILE } from '../../integrations/geocoding/gazetteer.ts';
import { CATALOG, type CategorySeed } from '../catalog/catalog.data.ts';
import { NEIGHBORHOODS_FILE } from '../geo/nyc-data.ts';
import { BOROUGH_ALIASES, NYC_PLACE_ALIASES, NYC_ZIP_OVERRIDES, type PlaceAlias } from './nyc-place-aliases.data.ts';
import {
  AGE_PHRASES,
  AGE_WORDS_IN_SERVICE_PHRASES,
  EXTRA_CATEGORY_SYNONYMS,
  EXTRA_SERVICE_SYNONYMS,
  KNOWN_KEYWORDS,
  LESSON_TYPE_PHRASES,
  LEVEL_PHRASES,
  MODIFIER_SYNONYMS,
  NEAR_ME_PHRASES,
  ONLINE_PHRASES,
  STOP_WORDS,
} from './search-lexicon.data.ts';
import type { AgeGroup, LessonType, Level, NeighborhoodRef } from './search-parse.types.ts';
import { phraseKey, stem } from './search-text.ts';
import { whenPhrases, type WhenFact } from './search-when.policy.ts';

/**
 * The fast parser's vocabulary, built once at start-up from the catalog, the NYC gazetteer, the
 * NTA polygons and the hand-written tables, then shared by every parse. Everything a query would
 * otherwise recompute is here: normalized phrase keys, and typo candidates bucketed by word
 * count, first letter and length so a fuzzy lookup compares a few dozen strings, not thousands.
 */

/** The residential NTAs a place name means, all in one borough. */
export interface PlaceGroup {
  name: string;
  borough: string;
  neighborhoods: NeighborhoodRef[];
}

export type VocabularyEntry =
  /** `modifier`: a word such as "jazz" that names this service alone but only describes another one. */
  | { kind: 'service'; slug: string; name: string; ageGroup: AgeGroup | null; modifier: boolean }
  | { kind: 'category'; slug: string; name: string }
  /** Several groups when the name exists in several boroughs, the preferred one first. */
  | { kind: 'place'; groups: PlaceGroup[] }
  | { kind: 'borough'; name: string }
  | { kind: 'age'; ageGroup: AgeGroup }
  | { kind: 'level'; level: Level }
  | { kind: 'lessonType'; lessonType: Exclude<LessonType, 'online'> }
  | { kind: 'online' }
  | { kind: 'nearMe' }
  | { kind: 'when'; fact: WhenFact }
  /** A longer stop word, here only so that its typos are recognized ("lesons", "teachr"). */
  | { kind: 'filler' };

export interface ZipPlace {
  borough: string;
  neighborhoods: NeighborhoodRef[];
}

export interface SearchVocabulary {
  /** Phrase key (see phraseKey) → meaning. */
  phrases: Map<string, VocabularyEntry>;
  /** `${words}|${first letter}|${length}` → phrase keys, for typo lookups. */
  fuzzy: Map<string, string[]>;
  maxPhraseWords: number;
  zips: Map<string, ZipPlace>;
  /** Service slug → name, and service slug → its category's slug. */
  services: Map<string, string>;
  categoryOfService: Map<string, string>;
  /** Stemmed. */
  stopWords: Set<string>;
  /** Stemmed. */
  knownKeywords: Set<string>;
}

/** One NTA as the vocabulary needs it: the gazetteer's aliases and point, the GeoJSON's polygon. */
export interface NeighborhoodFeature {
  code: string;
  name: string;
  borough: string;
  ntaType: string;
  /** GeoJSON Polygon or MultiPolygon coordinates. */
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

export interface VocabularySources {
  catalog: readonly CategorySeed[];
  gazetteer: readonly GazetteerEntry[];
  neighborhoods: readonly NeighborhoodFeature[];
  placeAliases: readonly PlaceAlias[];
  /**
   * Phrases the nightly job learned from what searchers opened (modules/discovery): each means one
   * neighborhood, and only where the phrase means nothing else (a name or hand-written alias wins).
   */
  learnedAliases?: readonly LearnedAlias[];
}

export interface LearnedAlias {
  phrase: string;
  neighborhoodCode: string;
}

export function buildSearchVocabulary(sources: VocabularySources): SearchVocabulary {
  const phrases = new Map<string, VocabularyEntry>();
  // The first meaning of a phrase wins: the fixed phrasings, then services (more specific than
  // their categories: "creative writing" is Fiction Writing), then categories, places, boroughs.
  const add = (phrase: string, entry: VocabularyEntry) => {
    const key = phraseKey(phrase);
    if (key !== '' && !phrases.has(key)) phrases.set(key, entry);
  };

  for (const [group, list] of Object.entries(AGE_PHRASES)) for (const phrase of list) add(phrase, { kind: 'age', ageGroup: group as AgeGroup });
  for (const [level, list] of Object.entries(LEVEL_PHRASES)) for (const phrase of list) add(phrase, { kind: 'level', level: level as Level });
  for (const [type, list] of Object.entries(LESSON_TYPE_PHRASES)) {
    for (const phrase of list) add(phrase, { kind: 'lessonType', lessonType: type as Exclude<LessonType, 'online'> });
  }
  for (const phrase of ONLINE_PHRASES) add(phrase, { kind: 'online' });
  for (const phrase of NEAR_ME_PHRASES) add(phrase, { kind: 'nearMe' });
  for (const [phrase, fact] of whenPhrases()) add(phrase, { kind: 'when', fact });

  const modifiers = new Set(MODIFIER_SYNONYMS.map(phraseKey));
  for (const category of sources.catalog) {
    for (const service of category.services) {
      const addService = (phrase: string) =>
        add(phrase, {
          kind: 'service',
          slug: service.slug,
          name: service.name,
          ageGroup: ageInPhrase(phrase),
          modifier: modifiers.has(phraseKey(phrase)),
        });
      // "Go" as a bare word is a verb far more often than the game ("go to them").
      if (phraseKey(service.name).length > 2) addService(service.name);
      // The slug reads as a name too ("memoir writing", "data science").
      addService(service.slug.replace(/-/g, ' '));
      for (const synonym of [...service.synonyms, ...(EXTRA_SERVICE_SYNONYMS[service.slug] ?? [])]) addService(synonym);
    }
  }
  for (const category of sources.catalog) {
    for (const phrase of [category.name, ...(EXTRA_CATEGORY_SYNONYMS[category.slug] ?? [])]) {
      add(phrase, { kind: 'category', slug: category.slug, name: category.name });
    }
  }

  for (const [key, groups] of placeGroups(sources)) if (!phrases.has(key)) phrases.set(key, { kind: 'place', groups });
  for (const entry of sources.gazetteer) {
    if (entry.kind !== 'borough') continue;
    for (const phrase of [entry.name, ...(entry.aliases ?? []), ...(BOROUGH_ALIASES[entry.name] ?? [])]) add(phrase, { kind: 'borough', name: entry.name });
  }

  const stopWords = new Set(STOP_WORDS.map(stem));
  for (const word of stopWords) if (word.length >= 5 && !phrases.has(word)) phrases.set(word, { kind: 'filler' });

  // Typed without the space: "hiphop", "bedstuy", "parkslope".
  for (const [key, entry] of [...phrases]) {
    if (!key.includes(' ')) continue;
    const joined = key.replace(/ /g, '');
    if (joined.length >= 6 && !phrases.has(joined)) phrases.set(joined, entry);
  }

  const fuzzy = new Map<string, string[]>();
  let maxPhraseWords = 1;
  for (const key of phrases.keys()) {
    const words = key.split(' ').length;
    maxPhraseWords = Math.max(maxPhraseWords, words);
    // Keys shorter than 4 can only be met exactly (a query that short is allowed no typo).
    if (key.length < 4 || /\d/.test(key)) continue;
    const bucket = `${words}|${key[0]}|${key.length}`;
    const list = fuzzy.get(bucket);
    if (list) list.push(key);
    else fuzzy.set(bucket, [key]);
  }

  return {
    phrases,
    fuzzy,
    maxPhraseWords,
    zips: zipPlaces(sources),
    services: new Map(sources.catalog.flatMap((category) => category.services.map((service) => [service.slug, service.name] as const))),
    categoryOfService: new Map(sources.catalog.flatMap((category) => category.services.map((service) => [service.slug, category.slug] as const))),
    stopWords,
    knownKeywords: new Set(KNOWN_KEYWORDS.map(stem)),
  };
}

function ageInPhrase(phrase: string): AgeGroup | null {
  for (const word of phraseKey(phrase).split(' ')) {
    const group = AGE_WORDS_IN_SERVICE_PHRASES[word];
    if (group) return group;
  }
  return null;
}

/**
 * Place phrase → groups. Every residential NTA's name and gazetteer aliases, merged per borough
 * ("Flatbush" is one NTA's name and another's alias: both are meant); then the hand-written
 * aliases, which replace the gazetteer's group in their borough and come first.
 */
function placeGroups(sources: VocabularySources): Map<string, PlaceGroup[]> {
  const residential = new Map<string, NeighborhoodFeature>();
  for (const feature of sources.neighborhoods) if (feature.ntaType === 'residential') residential.set(feature.code, feature);
  const ref = (code: string): NeighborhoodRef => ({ code, name: residential.get(code)!.name });

  const byPhrase = new Map<string, PlaceGroup[]>();
  const addToGroup = (phrase: string, displayName: string, code: string) => {
    const feature = residential.get(code);
    const key = phraseKey(phrase);
    if (!feature || key === '') return;
    const groups = byPhrase.get(key) ?? [];
    let group = groups.find((candidate) => candidate.borough === feature.borough);
    if (!group) {
      group = { name: displayName, borough: feature.borough, neighborhoods: [] };
      groups.push(group);
      byPhrase.set(key, groups);
    }
    if (!group.neighborhoods.some((neighborhood) => neighborhood.code === code)) group.neighborhoods.push(ref(code));
  };
  for (const entry of sources.gazetteer) {
    if (entry.kind !== 'neighborhood' || !entry.code) continue;
    addToGroup(entry.name, entry.name, entry.code);
    for (const alias of entry.aliases ?? []) addToGroup(alias, alias, entry.code);
  }
  for (const groups of byPhrase.values()) {
    // The borough with more NTAs under the name first (a tie keeps gazetteer order).
    groups.sort((a, b) => b.neighborhoods.length - a.neighborhoods.length);
    for (const group of groups) group.neighborhoods.sort((a, b) => a.code.localeCompare(b.code));
  }

  for (const alias of sources.placeAliases) {
    const codes = alias.codes.filter((code) => residential.has(code));
    if (codes.length === 0) continue;
    const boroughs = new Set(codes.map((code) => residential.get(code)!.borough));
    const group: PlaceGroup = {
      name: alias.name,
      borough: [...boroughs][0]!,
      neighborhoods: codes.map(ref).sort((a, b) => a.code.localeCompare(b.code)),
    };
    for (const phrase of alias.phrases) {
      const key = phraseKey(phrase);
      const others = (byPhrase.get(key) ?? []).filter((other) => !boroughs.has(other.borough));
      byPhrase.set(key, [group, ...others]);
    }
  }
  for (const learned of sources.learnedAliases ?? []) {
    const feature = residential.get(learned.neighborhoodCode);
    const key = phraseKey(learned.phrase);
    if (!feature || key === '' || byPhrase.has(key)) continue;
    byPhrase.set(key, [{ name: feature.name, borough: feature.borough, neighborhoods: [ref(feature.code)] }]);
  }
  return byPhrase;
}

/**
 * ZIP → the residential NTA under the ZIP's point. The gazetteer has one point per ZIP, not its
 * shape, so a ZIP spanning several NTAs yields only the one under its point; a point in a park
 * (10464 lies in Pelham Bay Park) takes the residential NTA with the nearest boundary vertex
 * (City Island's, not Co-op City's whose centroid is nearer).
 */
function zipPlaces(sources: VocabularySources): Map<string, ZipPlace> {
  const residential = sources.neighborhoods.filter((feature) => feature.ntaType === 'residential');
  const boxes = residential.map((feature) => ({ feature, box: boundingBox(feature.geometry) }));
  const zips = new Map<string, ZipPlace>();
  for (const entry of sources.gazetteer) {
    if (entry.kind !== 'zip') continue;
    const overrides = (NYC_ZIP_OVERRIDES[entry.zip ?? entry.name] ?? []).flatMap((code) => residential.filter((feature) => feature.code === code));
    if (overrides.length > 0) {
      zips.set(entry.zip ?? entry.name, {
        borough: overrides[0]!.borough,
        neighborhoods: overrides.map((feature) => ({ code: feature.code, name: feature.name })),
      });
      continue;
    }
    const point: [number, number] = [entry.lng, entry.lat];
    let found = boxes.find(({ feature, box }) => insideBox(point, box) && insideGeometry(point, feature.geometry))?.feature;
    if (!found) {
      const cos = Math.cos((entry.lat * Math.PI) / 180);
      let best = Infinity;
      for (const feature of residential) {
        for (const ring of rings(feature.geometry)) {
          for (const [x, y] of ring as Array<[number, number]>) {
            const distance = ((x - entry.lng) * cos) ** 2 + (y - entry.lat) ** 2;
            if (distance < best) {
              best = distance;
              found = feature;
            }
          }
        }
      }
    }
    if (!found) continue;
    zips.set(entry.zip ?? entry.name, { borough: found.borough, neighborhoods: [{ code: found.code, name: found.name }] });
  }
  return zips;
}

type Box = [number, number, number, number];

function rings(geometry: NeighborhoodFeature['geometry']): number[][][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

function boundingBox(geometry: NeighborhoodFeature['geometry']): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings(geometry)) {
    for (const [x, y] of ring as Array<[number, number]>) {
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
  }
  return box;
}

function insideBox([x, y]: [number, number], box: Box): boolean {
  return x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3];
}

/** Even-odd ray casting over every ring: holes and the parts of a MultiPolygon come out right. */
function insideGeometry([x, y]: [number, number], geometry: NeighborhoodFeature['geometry']): boolean {
  let inside = false;
  for (const ring of rings(geometry)) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/**
 * The vocabulary from the files shipped with the server (apps/server/data/nyc), read once and
 * kept, plus the learned aliases of the moment (rebuilding it takes milliseconds, reading the
 * files does not).
 */
export function loadSearchVocabulary(learnedAliases: readonly LearnedAlias[] = []): SearchVocabulary {
  return buildSearchVocabulary({ ...shippedSources(), learnedAliases });
}

let shipped: VocabularySources | null = null;

function shippedSources(): VocabularySources {
  if (shipped) return shipped;
  const gazetteer = JSON.parse(fs.readFileSync(GAZETTEER_FILE, 'utf8')) as GazetteerEntry[];
  const geojson = JSON.parse(fs.readFileSync(NEIGHBORHOODS_FILE, 'utf8')) as {
    features: Array<{ properties: { code: string; name: string; borough: string; ntaType: string }; geometry: NeighborhoodFeature['geometry'] }>;
  };
  const neighborhoods = geojson.features.map(({ properties, geometry }) => ({
    code: properties.code,
    name: properties.name,
    borough: properties.borough,
    ntaType: properties.ntaType,
    geometry,
  }));
  shipped = { catalog: CATALOG, gazetteer, neighborhoods, placeAliases: NYC_PLACE_ALIASES };
  return shipped;
}
