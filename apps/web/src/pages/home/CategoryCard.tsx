import { Link } from 'react-router';
import type { Category } from '../../api/catalog';
import { CategoryIcon } from '../../components/icons/CategoryIcon';
import { formatCentsPerHour, pluralize } from '../../lib/format';

/**
 * A category tile. The whole card is clickable through a stretched link whose
 * accessible name is just the category name.
 */
export function CategoryCard({ category }: { category: Category }) {
  return (
    <article className="group relative flex h-full flex-col rounded-2xl border border-slate-200 bg-white p-6 shadow-sm transition hover:-translate-y-0.5 hover:border-indigo-300 hover:shadow-md focus-within:ring-2 focus-within:ring-indigo-600 focus-within:ring-offset-2 motion-reduce:transition-none motion-reduce:hover:translate-y-0">
      <span className="grid h-12 w-12 place-items-center rounded-xl bg-indigo-50 text-indigo-700">
        <CategoryIcon slug={category.slug} className="h-6 w-6" />
      </span>
      <h3 className="mt-4 text-lg font-semibold text-slate-900">
        <Link
          to={`/categories/${encodeURIComponent(category.slug)}`}
          className="after:absolute after:inset-0 after:rounded-2xl group-hover:text-indigo-700 focus-visible:outline-none"
        >
          {category.name}
        </Link>
      </h3>
      <p className="mt-1 flex-1 text-sm leading-6 text-slate-600">{category.description}</p>
      <p className="mt-4 flex items-center justify-between text-sm">
        <span className="text-slate-600">{pluralize(category.services.length, 'service')}</span>
        <span className="font-semibold text-slate-900">
          from {formatCentsPerHour(category.priceFloorInPersonCentsPerHour)}
        </span>
      </p>
    </article>
  );
}
