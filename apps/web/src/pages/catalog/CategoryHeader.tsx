import { Link } from 'react-router';
import type { Category } from '../../api/catalog';
import { CategoryIcon } from '../../components/icons/CategoryIcon';
import { formatCentsPerHour, pluralize } from '../../lib/format';

export function CategoryHeader({ category }: { category: Category }) {
  return (
    <header className="mt-6 flex flex-col gap-4 sm:flex-row sm:items-start">
      <span className="grid h-16 w-16 shrink-0 place-items-center rounded-2xl bg-indigo-50 text-indigo-700">
        <CategoryIcon slug={category.slug} className="h-8 w-8" />
      </span>
      <div>
        <h1 className="text-3xl font-extrabold tracking-tight sm:text-4xl">{category.name}</h1>
        <p className="mt-2 max-w-2xl text-lg text-slate-600">{category.description}</p>
        <p className="mt-3 text-sm text-slate-700">
          {pluralize(category.services.length, 'service')} · from{' '}
          <strong>{formatCentsPerHour(category.priceFloorInPersonCentsPerHour)}</strong> in person,{' '}
          <strong>{formatCentsPerHour(category.priceFloorOnlineCentsPerHour)}</strong> online
        </p>
        <Link
          to={`/search?${new URLSearchParams({ category: category.slug }).toString()}`}
          className="mt-4 inline-flex rounded-xl bg-indigo-600 px-5 py-2.5 font-semibold text-white hover:bg-indigo-700"
        >
          See all {category.name.toLowerCase()} instructors
        </Link>
      </div>
    </header>
  );
}
