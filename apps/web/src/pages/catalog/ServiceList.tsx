import type { Category } from '../../api/catalog';
import { ServiceItem } from './ServiceItem';

export function ServiceList({ category }: { category: Category }) {
  if (category.services.length === 0) {
    return <p className="mt-8 rounded-2xl bg-white p-6 text-slate-600">No services in this category yet.</p>;
  }
  return (
    <ul aria-label={`${category.name} services`} className="mt-8 grid gap-4 md:grid-cols-2">
      {category.services.map((service) => (
        <li key={service.id}>
          <ServiceItem service={service} category={category} />
        </li>
      ))}
    </ul>
  );
}
