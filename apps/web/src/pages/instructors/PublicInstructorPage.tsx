import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { ApiProblem } from '../../api/problem';
import { dollars } from '../instructor/api';
import { NotFoundPage } from '../not-found/NotFoundPage';
import { FavoriteButton } from '../../components/FavoriteButton';
import { ChosenTime } from './ChosenTime';
import { NextSlots, type ChosenSlot } from './NextSlots';
import { useRecordView } from './useRecordView';
import { ProfileFacts } from './ProfileFacts';
import { ServiceAreaMap } from './ServiceAreaMap';

const LESSON_TYPE_LABELS: Record<string, string> = {
  student_location: 'at your place',
  instructor_location: 'at the studio',
  online: 'online',
  neutral_location: 'at a public place',
};

export function PublicInstructorPage() {
  const { id = '' } = useParams();
  const [searchParams] = useSearchParams();
  const chosen = chosenSlotFrom(searchParams);
  const instructor = useQuery({
    queryKey: ['instructors', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/instructors/{id}', { params: { path: { id } }, signal })),
  });
  useRecordView(instructor.isSuccess ? instructor.data.id : null);
  if (instructor.isPending) return <LoadingState label="Loading the instructor…" cards={2} />;
  if (instructor.isError && isUnknown(instructor.error)) {
    return <NotFoundPage title="Instructor not found" message="There is no published instructor at this address. The profile may have been taken down, or the link may be mistyped." />;
  }
  if (instructor.isError) return <ErrorState error={instructor.error} onRetry={() => void instructor.refetch()} />;
  const p = instructor.data;
  const { location } = p;
  const ways = [
    location.travelsToStudents && 'Travels to students',
    location.teachesAtStudio && 'Teaches at a studio',
    location.teachesOnline && 'Teaches online',
  ].filter(Boolean);
  // Demo and real headlines often say the years already ("… · 12 years of experience"): say them once.
  const yearsLine = p.yearsExperience !== null && !/\byears?\b/i.test(p.headline) && `${p.yearsExperience} years of experience`;
  const subline = [yearsLine, p.isFounding && 'Founding instructor'].filter(Boolean).join(' · ');

  return (
    <article className="mx-auto max-w-4xl space-y-8 py-8">
      <header className="flex flex-wrap items-center gap-6">
        <Avatar src={p.photo?.medium ?? null} name={p.name} />
        <div className="min-w-0 flex-1">
          <h1 className="text-3xl font-bold tracking-tight text-slate-900">{p.name}</h1>
          {p.headline && <p className="mt-1 text-lg text-slate-700">{p.headline}</p>}
          {subline && <p className="mt-1 text-sm text-slate-600">{subline}</p>}
        </div>
        <FavoriteButton instructor={{ id: p.id, name: p.name, headline: p.headline, photoUrl: p.photo?.small ?? null, founding: p.isFounding }} />
        {p.services.length > 0 && (
          <Link to={`/instructors/${p.id}/book`} className="rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white shadow-sm hover:bg-indigo-700">
            Book a lesson
          </Link>
        )}
      </header>

      {chosen && <ChosenTime instructorId={p.id} chosen={chosen} services={p.services} />}

      <ProfileFacts ageGroups={p.ageGroups} levels={p.levels} languages={p.languages} />

      {p.bio && (
        <section aria-labelledby="about-heading">
          <h2 id="about-heading" className="text-xl font-semibold text-slate-900">
            About
          </h2>
          <p className="mt-2 whitespace-pre-line text-slate-800">{p.bio}</p>
        </section>
      )}

      <section aria-labelledby="services-heading">
        <h2 id="services-heading" className="text-xl font-semibold text-slate-900">
          Lessons and prices
        </h2>
        <ul className="mt-3 space-y-3">
          {p.services.map((s) => (
            <li key={s.serviceId} className="rounded-xl border border-slate-200 bg-white p-4">
              <h3 className="font-semibold text-slate-900">{s.name}</h3>
              <p className="text-sm text-slate-600">
                {s.categoryName} · {s.lessonTypes.map((t) => LESSON_TYPE_LABELS[t] ?? t).join(', ')}
              </p>
              <ul className="mt-2 flex flex-wrap gap-2">
                {s.rates.map((r) => (
                  <li key={r.durationMinutes} className="rounded-full bg-slate-100 px-3 py-1 text-sm text-slate-800">
                    {dollars(r.rateCents)} for {r.durationMinutes} min
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="where-heading">
        <h2 id="where-heading" className="text-xl font-semibold text-slate-900">
          Where {p.name.split(' ')[0]} teaches
        </h2>
        {ways.length > 0 && <p className="mt-2 text-slate-800">{ways.join(' · ')}</p>}
        {location.neighborhoodsServed.length > 0 && (
          <>
            <h3 className="mt-3 text-sm font-semibold text-slate-800">Neighborhoods served</h3>
            <ul className="mt-1 flex flex-wrap gap-2">
              {location.neighborhoodsServed.map((n) => (
                <li key={n.code} className="rounded-full bg-indigo-50 px-3 py-1 text-sm text-indigo-900">
                  {n.name}, {n.borough}
                </li>
              ))}
            </ul>
          </>
        )}
        {location.studio && (
          <p className="mt-3 text-sm text-slate-700">
            The studio is inside the orange circle on the map; its exact address is not published.
          </p>
        )}
        {(location.neighborhoodsServed.length > 0 || location.studio) && (
          <div className="mt-4">
            <ServiceAreaMap served={location.neighborhoodsServed} studio={location.studio} label={`Map of where ${p.name} teaches`} />
          </div>
        )}
      </section>

      <NextSlots instructorId={p.id} services={p.services} chosen={chosen} preferredServiceId={searchParams.get('service')} />
    </article>
  );
}

/** `?service=…&start=…&duration=…` from a search result's open time, or null when incomplete or malformed. */
function chosenSlotFrom(params: URLSearchParams): ChosenSlot | null {
  const serviceId = params.get('service');
  const start = params.get('start');
  const durationMinutes = Number(params.get('duration'));
  if (!serviceId || !start || Number.isNaN(Date.parse(start)) || !Number.isInteger(durationMinutes) || durationMinutes <= 0) return null;
  return { serviceId, start, durationMinutes };
}

/** No such published instructor: a 404, or a 400 for an id that cannot be one. */
function isUnknown(error: unknown): boolean {
  return error instanceof ApiProblem && (error.status === 404 || error.status === 400);
}

/** The photo, or the name's initial when there is none (or it does not load). */
function Avatar({ src, name }: { src: string | null; name: string }) {
  const [broken, setBroken] = useState(false);
  if (src && !broken) {
    return <img src={src} alt={`Photo of ${name}`} onError={() => setBroken(true)} className="h-32 w-32 rounded-full object-cover" />;
  }
  return (
    <div aria-hidden="true" className="grid h-32 w-32 place-items-center rounded-full bg-indigo-100 text-4xl font-bold text-indigo-800">
      {name.charAt(0)}
    </div>
  );
}
