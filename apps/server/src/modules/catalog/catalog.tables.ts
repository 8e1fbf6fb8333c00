import type { ColumnType, Generated } from 'kysely';

export interface CategoriesTable {
  id: string;
  slug: string;
  name: string;
  description: string;
  icon: string;
  displayOrder: number;
  /** Per-hour floors overriding the marketplace defaults; null means "use the default". */
  priceFloorInPersonCents: number | null;
  priceFloorOnlineCents: number | null;
  createdAt: ColumnType<Date, Date | undefined, never>;
  updatedAt: ColumnType<Date, Date | undefined, Date>;
}

export interface ServicesTable {
  id: string;
  categoryId: string;
  slug: string;
  name: string;
  description: string;
  synonyms: string[];
  durations: number[];
  displayOrder: number;
  isActive: Generated<boolean>;
  createdAt: ColumnType<Date, Date | undefined, never>;
  updatedAt: ColumnType<Date, Date | undefined, Date>;
}

export interface CatalogTables {
  categories: CategoriesTable;
  services: ServicesTable;
}
