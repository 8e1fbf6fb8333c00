import { useParams } from 'react-router';
import { useCatalog } from '../../api/catalog';
import { Breadcrumbs } from '../../components/Breadcrumbs';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { NotFoundPage } from '../not-found/NotFoundPage';
import { CategoryHeader } from './CategoryHeader';
import { ServiceList } from './ServiceList';

/** `/categories/:slug`: one category and its services. */
export function CategoryPage() {
  const { slug } = useParams<{ slug: string }>();
  const { data, error, isPending, isError, refetch, isFetching } = useCatalog();

  if (isPending || isError) {
    return (
      <>
        <Breadcrumbs items={[{ label: 'Home', to: '/' }, { label: 'Category' }]} />
        <div className="mt-6">
          {isPending ? (
            <LoadingState label="Loading category…" cards={4} />
          ) : (
            <ErrorState error={error} onRetry={() => void refetch()} retrying={isFetching} />
          )}
        </div>
      </>
    );
  }

  const category = data.categories.find((c) => c.slug === slug);
  if (!category) {
    return (
      <NotFoundPage
        title="Category not found"
        message="There is no lesson category at this address. Browse all categories from the home page."
      />
    );
  }

  return (
    <>
      <title>{`${category.name} lessons in NYC · InstaInstru`}</title>
      <Breadcrumbs items={[{ label: 'Home', to: '/' }, { label: category.name }]} />
      <CategoryHeader category={category} />
      <ServiceList category={category} />
    </>
  );
}
