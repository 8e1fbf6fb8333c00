import { describe, expect, it } from 'vitest';
import { CATALOG, type CategorySeed, type ServiceSeed } from './catalog.data.ts';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ALLOWED_DURATIONS = [30, 45, 60, 90];
const FLOOR_MIN = 4_000;
const FLOOR_MAX = 15_000;

const services: { category: CategorySeed; service: ServiceSeed }[] = CATALOG.flatMap((category) =>
  category.services.map((service) => ({ category, service })),
);
const serviceCases = services.map(({ category, service }) => [`${category.slug}/${service.slug}`, service] as const);

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) repeated.add(value);
    seen.add(value);
  }
  return [...repeated];
}

function graphemes(text: string): number {
  return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].length;
}

describe('catalog size', () => {
  it('has at least 12 categories, each with services', () => {
    expect(CATALOG.length).toBeGreaterThanOrEqual(12);
    for (const category of CATALOG) expect(category.services.length, category.slug).toBeGreaterThan(0);
  });

  it('has at least 80 services in total', () => {
    expect(services.length).toBeGreaterThanOrEqual(80);
  });

  it('covers the core lesson types students look for', () => {
    const slugs = new Set(services.map(({ service }) => service.slug));
    for (const slug of ['piano', 'guitar', 'voice', 'spanish', 'algebra', 'sat', 'shsat', 'tennis', 'swimming', 'yoga', 'ballet', 'chess', 'python']) {
      expect(slugs.has(slug), slug).toBe(true);
    }
  });
});

describe('slugs', () => {
  it('are kebab-case for categories and services', () => {
    for (const category of CATALOG) expect(category.slug).toMatch(SLUG);
    for (const { service } of services) expect(service.slug).toMatch(SLUG);
  });

  it('are unique among categories', () => {
    expect(duplicates(CATALOG.map((category) => category.slug))).toEqual([]);
  });

  it('are unique among all services, whatever their category', () => {
    expect(duplicates(services.map(({ service }) => service.slug))).toEqual([]);
  });

  it('never reuse a category slug for a service', () => {
    const categorySlugs = new Set(CATALOG.map((category) => category.slug));
    expect(services.map(({ service }) => service.slug).filter((slug) => categorySlugs.has(slug))).toEqual([]);
  });
});

describe('names and descriptions', () => {
  it('gives every category and service a trimmed name of at most 80 characters', () => {
    for (const item of [...CATALOG, ...services.map(({ service }) => service)]) {
      expect(item.name.trim(), item.slug).toBe(item.name);
      expect(item.name.length, item.slug).toBeGreaterThan(0);
      expect(item.name.length, item.slug).toBeLessThanOrEqual(80);
    }
  });

  it('names services uniquely (case-insensitively) so search results are unambiguous', () => {
    expect(duplicates(services.map(({ service }) => service.name.toLowerCase()))).toEqual([]);
    expect(duplicates(CATALOG.map((category) => category.name.toLowerCase()))).toEqual([]);
  });

  it('describes every category and service in one non-empty sentence of at most 160 characters', () => {
    for (const item of [...CATALOG, ...services.map(({ service }) => service)]) {
      expect(item.description.trim(), item.slug).toBe(item.description);
      expect(item.description.length, item.slug).toBeGreaterThan(0);
      expect(item.description.length, item.slug).toBeLessThanOrEqual(160);
      expect(item.description, item.slug).toMatch(/^[A-Z].*\.$/u);
    }
  });
});

describe('category icons', () => {
  it('is a single non-empty emoji per category', () => {
    for (const category of CATALOG) {
      expect(category.icon.length, category.slug).toBeGreaterThan(0);
      expect(graphemes(category.icon), category.slug).toBe(1);
      expect(category.icon, category.slug).toMatch(/\p{Extended_Pictographic}/u);
    }
  });
});

describe('price floors', () => {
  it('are integer cents between $40 and $150 per hour when a category overrides them', () => {
    for (const category of CATALOG) {
      for (const floor of [category.floorInPersonCentsPerHour, category.floorOnlineCentsPerHour]) {
        if (floor === undefined) continue;
        expect(Number.isInteger(floor), category.slug).toBe(true);
        expect(floor, category.slug).toBeGreaterThanOrEqual(FLOOR_MIN);
        expect(floor, category.slug).toBeLessThanOrEqual(FLOOR_MAX);
      }
    }
  });

  it('leaves most categories on the marketplace defaults and prices premium coaching higher', () => {
    const overridden = CATALOG.filter(
      (category) => category.floorInPersonCentsPerHour !== undefined || category.floorOnlineCentsPerHour !== undefined,
    );
    expect(overridden.length).toBeLessThan(CATALOG.length / 2);
    const testPrep = CATALOG.find((category) => category.slug === 'test-prep');
    expect(testPrep?.floorInPersonCentsPerHour).toBeGreaterThan(8_000);
    expect(testPrep?.floorOnlineCentsPerHour).toBeGreaterThan(6_000);
  });
});

describe.each(serviceCases)('service %s', (_label, service) => {
  it('allows at least one duration, ascending, unique and among 30/45/60/90 minutes', () => {
    expect(service.durations.length).toBeGreaterThanOrEqual(1);
    for (const minutes of service.durations) expect(ALLOWED_DURATIONS).toContain(minutes);
    expect(new Set(service.durations).size).toBe(service.durations.length);
    expect([...service.durations].sort((a, b) => a - b)).toEqual(service.durations);
  });

  it('has 3 to 8 lowercase, trimmed, unique synonyms, none of them the service name', () => {
    expect(service.synonyms.length).toBeGreaterThanOrEqual(3);
    expect(service.synonyms.length).toBeLessThanOrEqual(8);
    for (const synonym of service.synonyms) {
      expect(synonym.length).toBeGreaterThan(0);
      expect(synonym).toBe(synonym.toLowerCase());
      expect(synonym).toBe(synonym.trim());
      expect(synonym).not.toMatch(/\s{2}/);
      expect(synonym).not.toBe(service.name.toLowerCase());
    }
    expect(duplicates(service.synonyms)).toEqual([]);
  });
});

describe('synonyms across the catalog', () => {
  it('point each search phrase at a single service', () => {
    expect(duplicates(services.flatMap(({ service }) => service.synonyms))).toEqual([]);
  });

  it('never shadow the name of another service', () => {
    const owner = new Map(services.map(({ service }) => [service.name.toLowerCase(), service.slug]));
    const clashes = services.flatMap(({ service }) =>
      service.synonyms
        .filter((synonym) => owner.has(synonym) && owner.get(synonym) !== service.slug)
        .map((synonym) => `${service.slug}: ${synonym}`),
    );
    expect(clashes).toEqual([]);
  });
});
