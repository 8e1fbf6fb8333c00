import { useCatalog } from '../../api/catalog';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { CategoryGrid } from './CategoryGrid';

/** "Browse by category": the catalog as a grid, with loading and error states. */
export function CatalogSection() {
  const { data, error, isPending, isError, refetch, isFetching } = useCatalog();

  return (
    <section id="categories" aria-labelledby="categories-title" className="mt-16 scroll-mt-8">
      <h2 id="categories-title" className="text-2xl font-bold tracking-tight sm:text-3xl">
        Browse by category
      </h2>
      <p className="mt-2 text-slate-600">Lessons for kids, teens and adults, from beginner to advanced.</p>
      <div className="mt-6">
        {isPending ? (
          <LoadingState label="Loading categories…" />
        ) : isError ? (
          <ErrorState error={error} onRetry={() => void refetch()} retrying={isFetching} />
        ) : (
          <CategoryGrid categories={data.categories} />
        )}
      </div>
    </section>
  );
}
