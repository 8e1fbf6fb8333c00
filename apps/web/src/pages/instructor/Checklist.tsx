import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ApiProblem } from '../../api/problem';
import { FormAlert } from '../../components/form/FormAlert';
import { linkClass, primaryButtonClass, secondaryButtonClass } from '../../components/form/styles';
import { ownProfileQuery, publish, unpublish, type OwnProfile } from './api';

const ITEM_LABELS: Record<string, string> = {
  profile_complete: 'Profile',
  services: 'Services & prices',
  service_areas: 'Where you teach',
  availability: 'Availability',
  payouts: 'Payouts',
  identity: 'Identity check',
  background_check: 'Background check',
  approval: 'Approval by InstaInstru',
};

const STATUS_STYLE: Record<string, string> = {
  complete: 'bg-green-100 text-green-800',
  pending: 'bg-amber-100 text-amber-800',
  incomplete: 'bg-red-100 text-red-800',
  not_started: 'bg-slate-100 text-slate-700',
};

/**
 * The onboarding checklist with each item's status, and Publish / Unpublish. `linkFor` says
 * where an item is edited: an anchor on the dashboard, a wizard step in the setup.
 */
export function Checklist({ profile, linkFor }: { profile: OwnProfile; linkFor: (item: string) => string | undefined }) {
  const queryClient = useQueryClient();
  const onSuccess = (updated: OwnProfile) => queryClient.setQueryData(ownProfileQuery.queryKey, updated);
  const pub = useMutation({ mutationFn: publish, onSuccess });
  const unpub = useMutation({ mutationFn: unpublish, onSuccess });
  const published = profile.status === 'published';

  return (
    <section aria-labelledby="checklist-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="checklist-heading" className="text-xl font-semibold text-slate-900">
        Onboarding checklist
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        {profile.isPublic
          ? 'Your profile is public: students can find you, your prices and your open times.'
          : published
            ? 'Your profile is published and waiting for approval.'
            : 'Your profile is a draft.'}
        {profile.isPublic && (
          <>
            {' '}
            <Link className={linkClass} to={`/instructors/${profile.userId}`}>
              View public profile
            </Link>
          </>
        )}
      </p>
      <ul className="mt-4 divide-y divide-slate-100" aria-label="Checklist">
        {profile.checklist.map((c) => {
          const label = ITEM_LABELS[c.item] ?? c.item;
          const href = c.available ? linkFor(c.item) : undefined;
          return (
            <li key={c.item} className="flex flex-wrap items-center justify-between gap-2 py-2.5">
              <div>
                <p className="font-medium text-slate-900">
                  {href === undefined ? (
                    label
                  ) : href.startsWith('#') ? (
                    <a href={href} className={linkClass}>
                      {label}
                    </a>
                  ) : (
                    <Link to={href} className={linkClass}>
                      {label}
                    </Link>
                  )}
                  {/* Approval is not a step of yours: it follows publishing. */}
                  {!c.required && c.item !== 'approval' && <span className="ml-2 text-xs text-slate-500">(optional)</span>}
                  {c.item === 'approval' && <span className="ml-2 text-xs text-slate-500">(after you publish)</span>}
                  {!c.available && <span className="ml-2 text-xs text-slate-500">(coming soon)</span>}
                </p>
                {c.detail && <p className="text-sm text-slate-600">{c.detail}</p>}
              </div>
              <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${STATUS_STYLE[c.status] ?? ''}`}>
                {c.status.replace('_', ' ')}
              </span>
            </li>
          );
        })}
      </ul>
      <div className="mt-4 space-y-3">
        {pub.isError && <PublishError error={pub.error} />}
        {unpub.isError && <FormAlert error={unpub.error} />}
        {pub.isSuccess && (
          <p role="status" className="text-sm font-medium text-green-800">
            Published! We will review your profile shortly.
          </p>
        )}
        {published ? (
          <button type="button" className={secondaryButtonClass} disabled={unpub.isPending} onClick={() => unpub.mutate()}>
            Unpublish
          </button>
        ) : (
          <button
            type="button"
            className={`${primaryButtonClass} disabled:cursor-not-allowed`}
            disabled={!profile.canPublish || pub.isPending}
            onClick={() => pub.mutate()}
          >
            {pub.isPending ? 'Publishing…' : 'Publish profile'}
          </button>
        )}
        {!published && !profile.canPublish && <p className="text-sm text-slate-600">Complete the required steps above to publish.</p>}
      </div>
    </section>
  );
}

function PublishError({ error }: { error: unknown }) {
  const details = error instanceof ApiProblem && error.status === 409 ? error.errors.map((e) => `${e.field}: ${e.reason}`) : [];
  return (
    <FormAlert error={error} message={error instanceof ApiProblem ? error.detail : undefined}>
      {details.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </FormAlert>
  );
}
