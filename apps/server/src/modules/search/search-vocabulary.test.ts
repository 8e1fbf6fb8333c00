import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GAZETTEER_FILE, type GazetteerEntry } from '../../integrations/geocoding/gazetteer.ts';
import { CATALOG } from '../catalog/catalog.data.ts';
import { NYC_PLACE_ALIASES, NYC_ZIP_OVERRIDES } from './nyc-place-aliases.data.ts';
import { parseSearchQuery } from './search-parse.policy.ts';
import { loadSearchVocabulary, type SearchVocabulary } from './search-vocabulary.ts';

const NOW = Date.parse('2026-12-09T20:00:00Z');
const gazetteer = JSON.parse(fs.readFileSync(GAZETTEER_FILE, 'utf8')) as GazetteerEntry[];
const residential = new Set(gazetteer.filter((entry) => entry.kind === 'neighborhood' && (entry as { ntaType?: string }).ntaType === 'residential').map((entry) => entry.code));

let vocabulary: SearchVocabulary;
beforeAll(() => {
  vocabulary = loadSearchVocabulary();
});

describe('search vocabulary', () => {
  it('hand-written aliases and ZIP overrides name residential NTAs only', () => {
    for (const alias of NYC_PLACE_ALIASES) for (const code of alias.codes) expect(residential.has(code), `${alias.name}: ${code}`).toBe(true);
    for (const codes of Object.values(NYC_ZIP_OVERRIDES)) for (const code of codes) expect(residential.has(code), code).toBe(true);
  });

  it('places every gazetteer ZIP in a residential NTA of its borough or next to it', () => {
    const zips = gazetteer.filter((entry) => entry.kind === 'zip');
    expect(vocabulary.zips.size).toBe(zips.length);
    for (const place of vocabulary.zips.values()) for (const neighborhood of place.neighborhoods) expect(residential.has(neighborhood.code)).toBe(true);
  });

  it('finds every service by its name and by each of its synonyms', () => {
    const misses: string[] = [];
    for (const category of CATALOG) {
      for (const service of category.services) {
        const phrases = service.slug === 'go-game' ? service.synonyms : [service.name, ...service.synonyms];
        for (const phrase of phrases) {
          const slugs = parseSearchQuery(vocabulary, phrase, NOW).services.map((found) => found.slug);
          if (!slugs.includes(service.slug)) misses.push(`${phrase} → ${slugs.join(',') || 'nothing'} (want ${service.slug})`);
        }
      }
    }
    expect(misses).toEqual([]);
  });

  it('finds every residential NTA by its own name', () => {
    const misses: string[] = [];
    for (const entry of gazetteer) {
      if (entry.kind !== 'neighborhood' || !residential.has(entry.code)) continue;
      const location = parseSearchQuery(vocabulary, entry.name, NOW).location;
      if (!location?.neighborhoods.some((neighborhood) => neighborhood.code === entry.code)) misses.push(`${entry.name} → ${location?.name ?? 'nothing'}`);
    }
    expect(misses).toEqual([]);
  });
});
