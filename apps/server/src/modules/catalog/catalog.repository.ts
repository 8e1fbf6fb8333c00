import type { Executor } from '../../platform/db/database.ts';

const categoryColumns = ['id', 'slug', 'name', 'description', 'icon', 'priceFloorInPersonCents', 'priceFloorOnlineCents'] as const;
const serviceColumns = ['services.id', 'services.categoryId', 'services.slug', 'services.name', 'services.description', 'services.synonyms', 'services.durations'] as const;

/** One query per method; accepts the database or a transaction. */
export class CatalogRepository {
  constructor(private readonly db: Executor) {}

  listCategories(executor: Executor = this.db) {
    return executor.selectFrom('categories').select(categoryColumns).orderBy('displayOrder').orderBy('name').execute();
  }

  findCategoryBySlug(slug: string, executor: Executor = this.db) {
    return executor.selectFrom('categories').select(categoryColumns).where('slug', '=', slug).executeTakeFirst();
  }

  listActiveServices(executor: Executor = this.db) {
    return executor
      .selectFrom('services')
      .select(serviceColumns)
      .where('isActive', '=', true)
      .orderBy('displayOrder')
      .orderBy('name')
      .execute();
  }

  /** Active services by name then id, after the (name, id) cursor, optionally in one category. */
  listServicesPage(
    options: { categoryId?: string; after?: readonly [string, string]; limit: number },
    executor: Executor = this.db,
  ) {
    let query = executor
      .selectFrom('services')
      .innerJoin('categories', 'categories.id', 'services.categoryId')
      .select([...serviceColumns, 'categories.slug as categorySlug', 'categories.priceFloorInPersonCents', 'categories.priceFloorOnlineCents'])
      .where('services.isActive', '=', true);
    if (options.categoryId) query = query.where('services.categoryId', '=', options.categoryId);
    if (options.after) {
      const [name, id] = options.after;
      query = query.where((eb) =>
        eb.or([eb('services.name', '>', name), eb.and([eb('services.name', '=', name), eb('services.id', '>', id)])]),
      );
    }
    return query.orderBy('services.name').orderBy('services.id').limit(options.limit).execute();
  }
}
