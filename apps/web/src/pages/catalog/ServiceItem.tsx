import { Link } from 'react-router';
import type { Category, Service } from '../../api/catalog';
import { ArrowRightIcon } from '../../components/icons/icons';
import { formatCentsPerHour, formatDurations } from '../../lib/format';

interface ServiceItemProps {
  service: Service;
  /** Price floors are set per category. */
  category: Category;
}

export function ServiceItem({ service, category }: ServiceItemProps) {
  const headingId = `service-${service.id}`;
  return (
    <article
      aria-labelledby={headingId}
      className="flex h-full flex-col rounded-2xl border border-slate-200 bg-white p-6 shadow-sm"
    >
      <h2 id={headingId} className="text-xl font-semibold text-slate-900">
        {service.name}
      </h2>
      <p className="mt-2 flex-1 text-sm leading-6 text-slate-600">{service.description}</p>
      <dl className="mt-5 grid grid-cols-1 gap-3 border-t border-slate-100 pt-4 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-500">Lesson lengths</dt>
          <dd className="mt-0.5 font-medium text-slate-900">{formatDurations(service.durations)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">In person</dt>
          <dd className="mt-0.5 font-medium text-slate-900">
            from {formatCentsPerHour(category.priceFloorInPersonCentsPerHour)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Online</dt>
          <dd className="mt-0.5 font-medium text-slate-900">
            from {formatCentsPerHour(category.priceFloorOnlineCentsPerHour)}
          </dd>
        </div>
      </dl>
      <Link
        to={`/search?${new URLSearchParams({ service: service.slug }).toString()}`}
        className="mt-5 inline-flex items-center gap-2 self-start rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700"
      >
        Find {service.name.toLowerCase()} instructors
        <ArrowRightIcon className="h-4 w-4" />
      </Link>
    </article>
  );
}
