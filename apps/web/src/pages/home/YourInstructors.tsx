import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { favoritesQuery, recentlyViewedQuery, type InstructorSummary } from '../../api/discovery';
import { useCan, useSession } from '../../auth/useSession';

/** For a signed-in user: the instructors they saved and the ones they looked at lately. */
export function YourInstructors() {
  const session = useSession();
  const keepsFavorites = useCan('favorites:manage_own');
  const keepsViews = useCan('search:history_own');
  if (session.status !== 'signedIn') return null;
  return <Rows favoritesShown={keepsFavorites} viewsShown={keepsViews} />;
}

function Rows({ favoritesShown, viewsShown }: { favoritesShown: boolean; viewsShown: boolean }) {
  const favorites = useQuery({ ...favoritesQuery, enabled: favoritesShown });
  const recent = useQuery({ ...recentlyViewedQuery, enabled: viewsShown });
  return (
    <>
      <InstructorRow id="favorites" title="Your favorites" instructors={favorites.data?.items.map((i) => i.instructor) ?? []} />
      <InstructorRow id="recently-viewed" title="Recently viewed" instructors={recent.data?.items.map((i) => i.instructor) ?? []} />
    </>
  );
}

/** A row of small instructor cards; nothing at all while the list is empty or still loading. */
function InstructorRow({ id, title, instructors }: { id: string; title: string; instructors: readonly InstructorSummary[] }) {
  if (instructors.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-title`} className="mt-12">
      <h2 id={`${id}-title`} className="text-2xl font-bold tracking-tight">
        {title}
      </h2>
      <ul aria-label={title} className="mt-4 flex snap-x gap-4 overflow-x-auto pb-2">
        {instructors.map((instructor) => (
          <li key={instructor.id} className="w-64 shrink-0 snap-start">
            <article className="relative flex h-full items-center gap-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm hover:border-indigo-300 focus-within:ring-2 focus-within:ring-indigo-600">
              <SmallPhoto src={instructor.photoUrl} name={instructor.name} />
              <div className="min-w-0">
                <h3 className="truncate font-semibold text-slate-900">
                  <Link to={`/instructors/${encodeURIComponent(instructor.id)}`} className="after:absolute after:inset-0 focus-visible:outline-none">
                    {instructor.name}
                  </Link>
                </h3>
                {instructor.headline && <p className="line-clamp-2 text-sm text-slate-600">{instructor.headline}</p>}
              </div>
            </article>
          </li>
        ))}
      </ul>
    </section>
  );
}

function SmallPhoto({ src, name }: { src: string | null; name: string }) {
  const [broken, setBroken] = useState(false);
  if (src && !broken) return <img src={src} alt="" onError={() => setBroken(true)} className="h-12 w-12 shrink-0 rounded-full object-cover" />;
  return (
    <span aria-hidden="true" className="grid h-12 w-12 shrink-0 place-items-center rounded-full bg-indigo-100 font-bold text-indigo-800">
      {name.charAt(0)}
    </span>
  );
}
