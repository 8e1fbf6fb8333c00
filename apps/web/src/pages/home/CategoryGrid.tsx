import type { Category } from '../../api/catalog';
import { CategoryCard } from './CategoryCard';

export function CategoryGrid({ categories }: { categories: readonly Category[] }) {
  if (categories.length === 0) {
    return <p className="rounded-2xl bg-white p-6 text-slate-600">No categories yet — check back soon.</p>;
  }
  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {categories.map((category) => (
        <li key={category.id}>
          <CategoryCard category={category} />
        </li>
      ))}
    </ul>
  );
}
