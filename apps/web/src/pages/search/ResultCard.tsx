import { MARKETPLACE_TIME_ZONE } from '@instainstru/marketplace-time';
import { useState } from 'react';
import { Link } from 'react-router';
import type { SearchResult } from '../../api/search';
import { FavoriteButton } from '../../components/FavoriteButton';
import { formatCentsPerHour } from '../../lib/format';

const startFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: MARKETPLACE_TIME_ZONE,
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

/** 1234 → "0.8 mi" (New Yorkers think in miles). */
export function formatDistance(meters: number): string {
  const miles = meters / 1609.344;
  return `${miles < 10 ? miles.toFixed(1) : Math.round(miles)} mi`;
}

function servesLabel(serve: SearchResult['serves'][number]): string {
  if (serve.mode === 'travel') return 'Comes to you';
  if (serve.mode === 'online') return 'Online';
  return serve.distanceMeters === null ? 'At their studio' : `Studio ${formatDistance(serve.distanceMeters)} away`;
}

/** The profile with this open time chosen (booking itself comes with a later issue). */
export function profilePathFor(result: SearchResult, start?: SearchResult['nextStarts'][number]): string {
  const params = new URLSearchParams({ service: result.service.id });
  if (start) {
    params.set('start', start.start);
    params.set('duration', String(start.durationMinutes));
  }
  return `/instructors/${encodeURIComponent(result.instructor.id)}?${params.toString()}`;
}

/** One result: who, for which lesson at what price, how they can teach you, and their next open times. */
export function ResultCard({ result }: { result: SearchResult }) {
  const { instructor, service } = result;
  const headingId = `result-${instructor.id}`;
  return (
    <article aria-labelledby={headingId} className="flex gap-4 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <Photo src={instructor.photoUrl} name={instructor.name} />
      <div className="min-w-0 flex-1">
        <div className="flex items-start justify-between gap-3">
          <div className="min-w-0">
            <h3 id={headingId} className="text-lg font-semibold text-slate-900">
              <Link to={profilePathFor(result)} className="hover:text-indigo-700 hover:underline">
                {instructor.name}
              </Link>
            </h3>
            {instructor.founding && (
              <span className="mt-1 inline-block rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">Founding instructor</span>
            )}
          </div>
          <FavoriteButton instructor={instructor} />
        </div>
        {instructor.headline && <p className="mt-1 text-sm text-slate-700">{instructor.headline}</p>}
        <p className="mt-2 text-sm text-slate-800">
          <span className="font-semibold">{service.name}</span> · <span className="font-semibold">{formatCentsPerHour(service.hourlyCents)}</span>
        </p>
        {result.serves.length > 0 && (
          <ul aria-label="How they teach you" className="mt-2 flex flex-wrap gap-2">
            {result.serves.map((serve) => (
              <li key={serve.mode} className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-800">
                {servesLabel(serve)}
              </li>
            ))}
          </ul>
        )}
        {result.nextStarts.length > 0 && (
          <div className="mt-3">
            <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Next open times</h4>
            <ul aria-label={`Next open times with ${instructor.name}`} className="mt-1 flex flex-wrap gap-2">
              {result.nextStarts.map((start) => (
                <li key={start.start}>
                  <Link
                    to={profilePathFor(result, start)}
                    className="inline-flex rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-1.5 text-sm font-semibold text-indigo-800 hover:bg-indigo-100"
                  >
                    <time dateTime={start.start}>{startFormat.format(new Date(start.start))}</time>
                    <span className="sr-only">, {start.durationMinutes} minutes</span>
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </article>
  );
}

function Photo({ src, name }: { src: string | null; name: string }) {
  const [broken, setBroken] = useState(false);
  if (src && !broken) {
    return <img src={src} alt="" onError={() => setBroken(true)} className="h-16 w-16 shrink-0 rounded-full object-cover sm:h-20 sm:w-20" />;
  }
  return (
    <div aria-hidden="true" className="grid h-16 w-16 shrink-0 place-items-center rounded-full bg-indigo-100 text-2xl font-bold text-indigo-800 sm:h-20 sm:w-20">
      {name.charAt(0)}
    </div>
  );
}
