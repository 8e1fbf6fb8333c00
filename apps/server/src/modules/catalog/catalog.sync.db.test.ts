import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { CATALOG, type CategorySeed } from './catalog.data.ts';
import { syncCatalog } from './catalog.sync.ts';

describe('catalog reference data', () => {
  let database: Database;
  const ids = createIdGenerator(new ControllableClock('2026-11-23T15:00:00Z'));
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  const services = () => database.db.selectFrom('services').select(['id', 'slug', 'name', 'isActive', 'categoryId']).execute();

  it('is loaded with the whole catalog: at least 12 categories and 80 services', async () => {
    const categories = await database.db.selectFrom('categories').select('slug').execute();
    expect(categories.length).toBe(CATALOG.length);
    expect(categories.length).toBeGreaterThanOrEqual(12);
    expect((await services()).filter((s) => s.isActive).length).toBeGreaterThanOrEqual(80);
  });

  it('does nothing when the data has not changed', async () => {
    const before = await services();
    expect((await syncCatalog(database.db, ids)).changed).toBe(false);
    expect(await services()).toEqual(before);
  });

  it('updates changed entries in place, keeps ids, and deactivates services no longer listed', async () => {
    const before = new Map((await services()).map((s) => [s.slug, s]));
    const [first, ...rest] = CATALOG as [CategorySeed, ...CategorySeed[]];
    const [removed, renamed, ...others] = first.services;
    const edited: CategorySeed[] = [
      {
        ...first,
        floorInPersonCentsPerHour: 9_900,
        services: [{ ...renamed!, name: `${renamed!.name} (renamed)` }, ...others, { slug: 'kazoo', name: 'Kazoo', description: 'Hum along.', synonyms: ['kazoo lessons'], durations: [30] }],
      },
      ...rest,
    ];
    expect((await syncCatalog(database.db, ids, edited)).changed).toBe(true);

    const after = new Map((await services()).map((s) => [s.slug, s]));
    expect(after.get(removed!.slug)).toMatchObject({ isActive: false, id: before.get(removed!.slug)!.id });
    expect(after.get(renamed!.slug)).toMatchObject({ name: `${renamed!.name} (renamed)`, id: before.get(renamed!.slug)!.id, isActive: true });
    expect(after.get('kazoo')).toMatchObject({ isActive: true, categoryId: before.get(renamed!.slug)!.categoryId });
    const category = await database.db.selectFrom('categories').selectAll().where('slug', '=', first.slug).executeTakeFirstOrThrow();
    expect(category.priceFloorInPersonCents).toBe(9_900);

    // Back to the real data: the removed service comes back under its old id.
    await syncCatalog(database.db, ids);
    const restored = new Map((await services()).map((s) => [s.slug, s]));
    expect(restored.get(removed!.slug)).toMatchObject({ isActive: true, id: before.get(removed!.slug)!.id });
    expect(restored.get('kazoo')?.isActive).toBe(false);
  });
});
