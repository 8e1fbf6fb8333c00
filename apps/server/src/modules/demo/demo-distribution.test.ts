import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../catalog/catalog.data.ts';
import { floorForDuration } from '../catalog/catalog.policy.ts';
import { BOROUGHS } from '../geo/geo.tables.ts';
import { NEIGHBORHOODS_FILE } from '../geo/nyc-data.ts';
import {
  hourlyFloorFor,
  MIN_MAIN_PER_BOROUGH,
  ONLINE_ONLY_SHARE,
  PARK_SLOPE_PIANISTS,
  planInstructors,
  ratesFor,
  type InstructorPlan,
  type PlannedCatalogService,
  type PlannedNeighborhood,
} from './demo-distribution.ts';
import { SeededRandom } from './random.ts';

/** The real catalog, as the database holds it. */
const services: PlannedCatalogService[] = CATALOG.flatMap((category) =>
  category.services.map((service) => ({
    id: `id-${service.slug}`,
    slug: service.slug,
    name: service.name,
    durations: service.durations,
    categorySlug: category.slug,
    priceFloorInPersonCents: category.floorInPersonCentsPerHour ?? null,
    priceFloorOnlineCents: category.floorOnlineCentsPerHour ?? null,
  })),
).sort((a, b) => a.slug.localeCompare(b.slug));

/** The real residential neighborhoods, each at the mean of its outer ring (near enough to a label point here). */
const neighborhoods: PlannedNeighborhood[] = (
  JSON.parse(fs.readFileSync(NEIGHBORHOODS_FILE, 'utf8')) as {
    features: Array<{ properties: { code: string; name: string; borough: string; ntaType: string }; geometry: { type: string; coordinates: unknown } }>;
  }
).features
  .filter((feature) => feature.properties.ntaType === 'residential')
  .map((feature) => {
    const ring = (feature.geometry.type === 'Polygon' ? (feature.geometry.coordinates as number[][][])[0] : (feature.geometry.coordinates as number[][][][])[0]![0])!;
    const mean = (k: number) => ring.reduce((sum, point) => sum + point[k]!, 0) / ring.length;
    return { id: feature.properties.code, name: feature.properties.name, borough: feature.properties.borough, lng: mean(0), lat: mean(1) };
  })
  .sort((a, b) => a.id.localeCompare(b.id));

const plan = (count: number, seed = 1) => planInstructors(new SeededRandom(seed), count, { services, neighborhoods });
const teaches = (p: InstructorPlan, slug: string) => p.services.some((s) => s.service.slug === slug);
const isOnlineOnly = (p: InstructorPlan) => !p.travelsToStudents && !p.teachesAtStudio;

describe('planInstructors (the demo and bench distribution)', () => {
  const demo = plan(200, 20_261_123);
  const bench = plan(10_000, 7);

  it('is the same for the same seed and differs for another', () => {
    expect(plan(50, 3)).toEqual(plan(50, 3));
    expect(plan(50, 3).map((p) => p.first + p.last)).not.toEqual(plan(50, 4).map((p) => p.first + p.last));
  });

  it('gives every instructor one to three distinct services, each taught at least one way', () => {
    for (const p of bench) {
      expect(p.services.length).toBeGreaterThanOrEqual(1);
      expect(p.services.length).toBeLessThanOrEqual(3);
      expect(new Set(p.services.map((s) => s.service.slug)).size).toBe(p.services.length);
      for (const s of p.services) expect(s.lessonTypes.length).toBeGreaterThan(0);
      expect(p.ageGroups.length).toBeGreaterThan(0);
      expect(p.levels.length).toBeGreaterThan(0);
      expect(Object.keys(p.week).length).toBeGreaterThan(0);
      expect(p.headline.length).toBeLessThanOrEqual(100);
    }
  });

  it('prices every length at or above its floor for the way it is taught, with a spread above the floor', () => {
    for (const p of bench) {
      for (const s of p.services) {
        const floor = hourlyFloorFor(s.service, s.lessonTypes);
        expect(s.hourlyCents).toBeGreaterThanOrEqual(floor);
        expect(s.hourlyCents % 500).toBe(0);
        for (const rate of ratesFor(s)) expect(rate.rateCents).toBeGreaterThanOrEqual(floorForDuration(floor, rate.durationMinutes));
        expect(ratesFor(s).map((rate) => rate.durationMinutes)).toEqual(s.service.durations);
      }
    }
    const pianoPrices = bench.flatMap((p) => p.services.filter((s) => s.service.slug === 'piano' && s.lessonTypes.includes('student_location')).map((s) => s.hourlyCents));
    const share = (limit: number) => pianoPrices.filter((cents) => cents <= limit).length / pianoPrices.length;
    expect(share(9_000)).toBeGreaterThan(0.15);
    expect(share(9_000)).toBeLessThan(0.5);
    expect(share(12_000)).toBeLessThan(0.85);
    expect(Math.max(...pianoPrices)).toBeGreaterThanOrEqual(16_000);
  });

  it('has popular services taught by many in every borough and rare ones by few', () => {
    for (const borough of BOROUGHS) {
      for (const slug of Object.keys(MIN_MAIN_PER_BOROUGH)) {
        const inDemo = demo.filter((p) => p.home.borough === borough && p.services[0]!.service.slug === slug).length;
        expect(inDemo, `${slug} in ${borough} (demo)`).toBeGreaterThanOrEqual(MIN_MAIN_PER_BOROUGH[slug]!);
        expect(bench.filter((p) => p.home.borough === borough && teaches(p, slug)).length, `${slug} in ${borough}`).toBeGreaterThanOrEqual(20);
      }
    }
    const count = (slug: string) => bench.filter((p) => teaches(p, slug)).length;
    expect(count('piano')).toBeGreaterThan(5 * count('bridge'));
    expect(count('bridge')).toBeGreaterThan(0);
    expect(demo.filter((p) => teaches(p, 'piano')).length).toBeGreaterThanOrEqual(20);
  });

  it('makes about one in ten online only, never for a sport', () => {
    const share = bench.filter(isOnlineOnly).length / bench.length;
    expect(share).toBeGreaterThan(ONLINE_ONLY_SHARE * 0.7);
    expect(share).toBeLessThan(ONLINE_ONLY_SHARE * 1.3);
    for (const p of bench.filter(isOnlineOnly)) {
      expect(p.teachesOnline).toBe(true);
      expect(p.serviceAreas).toEqual([]);
      expect(p.studio).toBeNull();
      for (const s of p.services) expect([s.service.categorySlug, s.lessonTypes]).toEqual([expect.not.stringMatching(/^sports$/), ['online']]);
    }
  });

  it('places studios and service areas around the home neighborhood, home first', () => {
    for (const p of bench.slice(0, 1_000)) {
      if (p.travelsToStudents) {
        expect(p.serviceAreas[0]).toBe(p.home.id);
        expect(p.serviceAreas.length).toBeGreaterThanOrEqual(2);
        expect(p.serviceAreas.length).toBeLessThanOrEqual(7);
      }
      if (p.studio) expect(Math.abs(p.studio.lat - p.home.lat)).toBeLessThan(0.004);
    }
  });

  it('varies ages, levels and weeks, with evenings and weekends common', () => {
    const share = (test: (p: InstructorPlan) => boolean) => bench.filter(test).length / bench.length;
    expect(share((p) => p.ageGroups.includes('kids'))).toBeGreaterThan(0.4);
    expect(share((p) => p.ageGroups.length === 1 && p.ageGroups[0] === 'adults')).toBeGreaterThan(0.05);
    expect(share((p) => p.levels.includes('advanced'))).toBeGreaterThan(0.3);
    expect(share((p) => p.levels.includes('advanced'))).toBeLessThan(0.7);
    const evening = (p: InstructorPlan) => Object.values(p.week).some((ranges) => ranges.some(([, end]) => end >= '20:00'));
    const weekend = (p: InstructorPlan) => Boolean(p.week.saturday ?? p.week.sunday);
    expect(share(evening)).toBeGreaterThan(0.6);
    expect(share(weekend)).toBeGreaterThan(0.6);
  });

  it('guarantees piano teachers for kids serving Park Slope at most $90 an hour on weekday evenings', () => {
    const found = demo.filter(
      (p) =>
        p.ageGroups.includes('kids') &&
        p.serviceAreas.includes(PARK_SLOPE_PIANISTS.neighborhood) &&
        p.services.some((s) => s.service.slug === 'piano' && s.hourlyCents <= 9_000 && s.lessonTypes.includes('student_location')) &&
        (['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const).some((day) => (p.week[day] ?? []).some(([, end]) => end >= '19:00')),
    );
    expect(found.length).toBeGreaterThanOrEqual(PARK_SLOPE_PIANISTS.count);
  });
});
