import { z } from 'zod';
import { notFound } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { effectivePriceFloors, lessonFloors, type CategoryFloorOverrides, type LessonFloor, type PriceFloors } from './catalog.policy.ts';
import type { CatalogRepository } from './catalog.repository.ts';

export interface ServiceView {
  id: string;
  slug: string;
  name: string;
  description: string;
  synonyms: string[];
  durations: number[];
  /** Per allowed lesson length, the lowest price in person and online (the category's floors prorated). */
  floors: LessonFloor[];
}

type ServiceRow = Omit<ServiceView, 'floors'>;

function toServiceView<S extends ServiceRow>(service: S, floors: PriceFloors): S & Pick<ServiceView, 'floors'> {
  return { ...service, floors: lessonFloors(floors, service.durations) };
}

export interface CategoryView {
  id: string;
  slug: string;
  name: string;
  description: string;
  icon: string;
  priceFloorInPersonCentsPerHour: number;
  priceFloorOnlineCentsPerHour: number;
  services: ServiceView[];
}

type CategoryRow = CategoryFloorOverrides & Omit<CategoryView, 'services' | 'priceFloorInPersonCentsPerHour' | 'priceFloorOnlineCentsPerHour'>;

function toCategoryView(
  { priceFloorInPersonCents, priceFloorOnlineCents, ...category }: CategoryRow,
  services: ServiceRow[],
): CategoryView {
  const floors = effectivePriceFloors({ priceFloorInPersonCents, priceFloorOnlineCents });
  return {
    ...category,
    priceFloorInPersonCentsPerHour: floors.inPersonCentsPerHour,
    priceFloorOnlineCentsPerHour: floors.onlineCentsPerHour,
    services: services.map((service) => toServiceView(service, floors)),
  };
}

const serviceCursor = z.tuple([z.string(), z.string()]);

/** The public catalog: anyone may read it, so no access check beyond the routes' `public`. */
export class CatalogService {
  constructor(private readonly repository: CatalogRepository) {}

  async getCatalog(): Promise<{ categories: CategoryView[] }> {
    const [categories, services] = await Promise.all([
      this.repository.listCategories(),
      this.repository.listActiveServices(),
    ]);
    const byCategory = new Map<string, ServiceRow[]>();
    for (const { categoryId, ...service } of services) {
      const list = byCategory.get(categoryId) ?? [];
      list.push(service);
      byCategory.set(categoryId, list);
    }
    return { categories: categories.map((category) => toCategoryView(category, byCategory.get(category.id) ?? [])) };
  }

  async getCategory(slug: string): Promise<CategoryView> {
    const category = await this.repository.findCategoryBySlug(slug);
    if (!category) throw notFound(`Category "${slug}"`);
    const services = (await this.repository.listActiveServices()).filter((service) => service.categoryId === category.id);
    return toCategoryView(category, services.map(({ categoryId: _categoryId, ...service }) => service));
  }

  async listServices(query: { category?: string; limit: number; cursor?: string }) {
    let categoryId: string | undefined;
    if (query.category) {
      const category = await this.repository.findCategoryBySlug(query.category);
      if (!category) throw notFound(`Category "${query.category}"`);
      categoryId = category.id;
    }
    const after = query.cursor ? (decodeCursor(query.cursor, serviceCursor) as [string, string]) : undefined;
    const rows = await this.repository.listServicesPage({ categoryId, after, limit: query.limit + 1 });
    const page = toPage(rows, query.limit, (row) => [row.name, row.id]);
    return {
      items: page.items.map(({ categoryId: _categoryId, priceFloorInPersonCents, priceFloorOnlineCents, ...service }) =>
        toServiceView(service, effectivePriceFloors({ priceFloorInPersonCents, priceFloorOnlineCents })),
      ),
      nextCursor: page.nextCursor,
    };
  }
}
