import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeocodeResult, Geocoder } from './geocoding.port.ts';

/**
 * Offline geocoding against the NYC gazetteer shipped with the server (data/nyc/gazetteer.json:
 * 5 boroughs, 262 neighborhoods with aliases, 217 ZIP codes, each with one point). It never
 * finds a street address; it places an address at its ZIP, else its neighborhood, else its
 * borough, which is enough to develop with and a last resort when the providers are down.
 */
export const GAZETTEER_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/nyc/gazetteer.json');

export interface GazetteerEntry {
  name: string;
  borough: string;
  lat: number;
  lng: number;
  kind: 'borough' | 'neighborhood' | 'zip';
  code?: string;
  zip?: string;
  aliases?: string[];
}

interface Phrase {
  /** Normalized words with a space on each side, so a search matches whole words only. */
  text: string;
  entry: GazetteerEntry;
  /** The entry's own name rather than one of its aliases. */
  exact: boolean;
  order: number;
}

/**
 * Lowercase ASCII words separated by single spaces: accents, apostrophes ("Hell's" = "Hells")
 * and punctuation ("Bedford-Stuyvesant" = "bedford stuyvesant") do not count.
 */
export function normalizePlaceText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * A place name followed by one of these is part of a street name ("Flatbush Ave",
 * "Manhattan Avenue" in Greenpoint, "Queens Blvd"), not the place itself.
 */
const STREET_WORDS = new Set(
  'ave av avenue st street blvd boulevard rd road pl place pkwy parkway expy expressway hwy highway tpke turnpike dr drive ln lane ct court ter terrace'.split(' '),
);

const ZIP_PATTERN = /(?<!\d)(\d{5})(?:-\d{4})?(?!\d)/g;

export class GazetteerGeocoder implements Geocoder {
  readonly name = 'gazetteer';
  private readonly zips = new Map<string, GazetteerEntry>();
  private readonly neighborhoods: Phrase[] = [];
  private readonly boroughs: Phrase[] = [];

  constructor(entries: readonly GazetteerEntry[]) {
    entries.forEach((entry, order) => {
      if (entry.kind === 'zip') {
        this.zips.set(entry.zip ?? entry.name, entry);
        return;
      }
      const list = entry.kind === 'borough' ? this.boroughs : this.neighborhoods;
      list.push({ text: ` ${normalizePlaceText(entry.name)} `, entry, exact: true, order });
      for (const alias of entry.aliases ?? []) list.push({ text: ` ${normalizePlaceText(alias)} `, entry, exact: false, order });
    });
  }

  static fromFile(file: string = GAZETTEER_FILE): GazetteerGeocoder {
    return new GazetteerGeocoder(JSON.parse(fs.readFileSync(file, 'utf8')) as GazetteerEntry[]);
  }

  async geocode(address: string): Promise<GeocodeResult | null> {
    return this.lookup(address);
  }

  /** Synchronous, for callers that only ever want the offline answer. */
  lookup(address: string): GeocodeResult | null {
    const zip = this.findZip(address);
    if (zip) return result(zip, `${zip.zip ?? zip.name}, ${zip.borough}, NY`, 'postcode');

    const text = ` ${normalizePlaceText(address)} `;
    if (text.trim() === '') return null;
    const boroughMentions = this.boroughs
      .map((phrase) => ({ phrase, at: lastPlaceOccurrence(text, phrase.text) }))
      .filter((mention) => mention.at >= 0);
    const mentioned = new Set(boroughMentions.map((mention) => mention.phrase.entry.name));

    const neighborhood = this.neighborhoods
      .filter((phrase) => lastPlaceOccurrence(text, phrase.text) >= 0)
      .sort(
        (a, b) =>
          // A borough named in the address decides between same-named places ("Murray Hill, Queens").
          Number(mentioned.has(b.entry.borough)) - Number(mentioned.has(a.entry.borough)) ||
          // The longer name is the more specific one ("East Flatbush" over "Flatbush").
          b.text.length - a.text.length ||
          // An NTA's own name over another NTA's alias ("Woodside").
          Number(b.exact) - Number(a.exact) ||
          a.order - b.order,
      )[0];
    if (neighborhood) return result(neighborhood.entry, `${neighborhood.entry.name}, ${neighborhood.entry.borough}, NY`, 'neighborhood');

    // Addresses run from the specific to the general, so the last borough named is the one meant.
    const borough = boroughMentions.sort((a, b) => b.at - a.at)[0];
    return borough ? result(borough.phrase.entry, `${borough.phrase.entry.name}, NY`, 'borough') : null;
  }

  /** The last known NYC ZIP in the address (a leading 5-digit house number is not a ZIP). */
  private findZip(address: string): GazetteerEntry | undefined {
    const candidates = [...address.matchAll(ZIP_PATTERN)].map((match) => match[1]!);
    for (const candidate of candidates.reverse()) {
      const entry = this.zips.get(candidate);
      if (entry) return entry;
    }
    return undefined;
  }
}

/** Where `phrase` last occurs in `text` as a place (not followed by a street word), or -1. */
function lastPlaceOccurrence(text: string, phrase: string): number {
  let at = text.lastIndexOf(phrase);
  while (at >= 0) {
    const nextWord = text.slice(at + phrase.length).split(' ', 1)[0]!;
    if (!STREET_WORDS.has(nextWord)) return at;
    at = at === 0 ? -1 : text.lastIndexOf(phrase, at - 1);
  }
  return -1;
}

function result(entry: GazetteerEntry, formattedAddress: string, precision: GeocodeResult['precision']): GeocodeResult {
  return { lat: entry.lat, lng: entry.lng, formattedAddress, provider: 'gazetteer', precision };
}
