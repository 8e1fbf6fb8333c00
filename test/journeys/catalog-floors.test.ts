import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

type Floor = { durationMinutes: number; inPersonCents: number; onlineCents: number };
type Service = { slug: string; durations: number[]; floors: Floor[] };

/** The catalog gives each service its lesson floors, so the web app never prorates them itself. */
describe('catalog price floors per service', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists, for every service, the lowest price in person and online for each allowed length', async () => {
    const { categories } = (await t.app.inject({ method: 'GET', url: '/api/v1/catalog' })).json() as {
      categories: Array<{ slug: string; priceFloorInPersonCentsPerHour: number; priceFloorOnlineCentsPerHour: number; services: Service[] }>;
    };
    for (const category of categories) {
      for (const service of category.services) {
        expect(service.floors.map((floor) => floor.durationMinutes)).toEqual([...service.durations].sort((a, b) => a - b));
        for (const floor of service.floors) {
          expect(floor.inPersonCents).toBe(Math.ceil((category.priceFloorInPersonCentsPerHour * floor.durationMinutes) / 60));
          expect(floor.onlineCents).toBe(Math.ceil((category.priceFloorOnlineCentsPerHour * floor.durationMinutes) / 60));
        }
      }
    }
  });

  it('gives the same floors in one category and in the service list', async () => {
    const music = (await t.app.inject({ method: 'GET', url: '/api/v1/catalog/categories/music' })).json() as { services: Service[] };
    const piano = music.services.find((service) => service.slug === 'piano')!;
    expect(piano.floors.length).toBeGreaterThan(0);
    const page = (await t.app.inject({ method: 'GET', url: '/api/v1/catalog/services?category=music&limit=100' })).json() as { items: Service[] };
    expect(page.items.find((service) => service.slug === 'piano')!.floors).toEqual(piano.floors);
  });
});
