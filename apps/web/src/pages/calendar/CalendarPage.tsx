import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { CALENDAR_PERMISSION, calendarFeedQuery, calendarKey, rotateCalendarFeed } from '../../api/calendar';
import { RequireAuth } from '../../auth/RequireAuth';
import { useCan } from '../../auth/useSession';
import { Breadcrumbs } from '../../components/Breadcrumbs';
import { ErrorState } from '../../components/ErrorState';
import { FormAlert } from '../../components/form/FormAlert';
import { dangerButtonClass, linkClass, secondaryButtonClass } from '../../components/form/styles';
import { CopyButton } from '../account/CopyButton';
import { Section } from '../account/Section';
import { SuccessMessage } from '../account/SuccessMessage';
import { formatDayTime } from '../bookings/lessonText';

export const CALENDAR_PATH = '/account/calendar';

/** `/account/calendar`: the private calendar feed of one's lessons, how to add it, and a new address. */
export function CalendarPage() {
  return (
    <RequireAuth>
      <title>Calendar · InstaInstru</title>
      <Calendar />
    </RequireAuth>
  );
}

function Calendar() {
  const allowed = useCan(CALENDAR_PERMISSION);
  const feed = useQuery({ ...calendarFeedQuery(), enabled: allowed });
  const [rotated, setRotated] = useState(false);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (rotated) noticeRef.current?.focus();
  }, [rotated]);

  const heading = (
    <div className="space-y-2">
      <Breadcrumbs items={[{ label: 'Account', to: '/account' }, { label: 'Calendar' }]} />
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">Your lessons in your calendar</h1>
    </div>
  );
  if (!allowed) {
    return (
      <div className="mx-auto max-w-3xl space-y-6">
        {heading}
        <p className="text-slate-600">The calendar feed lists lessons; your account has none.</p>
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      {heading}
      {rotated && <SuccessMessage ref={noticeRef}>Your calendar has a new address. The old one no longer works: add the new one to your calendar app.</SuccessMessage>}
      <Section
        title="Your private calendar address"
        description="Every lesson you take or teach, kept up to date; cancelled lessons are marked cancelled. Anyone with this address can read your lessons: keep it to yourself."
      >
        {feed.isPending ? (
          <p role="status" className="text-slate-600">
            Loading your calendar address…
          </p>
        ) : feed.isError ? (
          <ErrorState error={feed.error} onRetry={() => void feed.refetch()} retrying={feed.isFetching} />
        ) : (
          <div className="space-y-4">
            <div className="flex flex-wrap items-center gap-3">
              <code aria-label="Calendar feed address" className="min-w-0 flex-1 break-all rounded bg-slate-100 px-3 py-2 text-sm text-slate-800">
                {feed.data.url}
              </code>
              <CopyButton text={feed.data.url} label="Copy the address" />
            </div>
            <p className="text-sm text-slate-600">Made on {formatDayTime(feed.data.rotatedAt)} (New York time).</p>
            <p>
              <a href={feed.data.webcalUrl} className={linkClass}>
                Subscribe in your calendar app
              </a>
            </p>
          </div>
        )}
      </Section>
      <Section title="Add it to your calendar">
        <ul className="list-disc space-y-2 pl-5 text-sm text-slate-700">
          <li>
            <strong>Google Calendar</strong>: on a computer, open Google Calendar, next to “Other calendars” choose <em>+</em> then <em>From URL</em>, paste
            the address and choose <em>Add calendar</em>. Google refreshes it every few hours.
          </li>
          <li>
            <strong>Apple Calendar</strong>: on a Mac choose <em>File → New Calendar Subscription</em> and paste the address; on an iPhone or iPad,
            open <em>Subscribe in your calendar app</em> above, or go to Settings → Calendar → Accounts → Add Account → Other → Add Subscribed
            Calendar.
          </li>
          <li>
            <strong>Outlook</strong>: choose <em>Add calendar → Subscribe from web</em> and paste the address.
          </li>
        </ul>
      </Section>
      {feed.isSuccess && <RotateSection onRotated={() => setRotated(true)} />}
    </div>
  );
}

/** A new address, after a confirmation saying the old one stops working at once. */
function RotateSection({ onRotated }: { onRotated: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const queryClient = useQueryClient();
  const rotate = useMutation({
    mutationFn: rotateCalendarFeed,
    onSuccess: (fresh) => {
      queryClient.setQueryData(calendarKey, fresh);
      ref.current?.close();
      onRotated();
    },
  });
  return (
    <Section title="Replace the address" description="If the address was shared by mistake, make a new one. Calendars subscribed to the old address stop getting your lessons.">
      <button type="button" className={dangerButtonClass} onClick={() => ref.current?.showModal()}>
        Make a new address
      </button>
      <dialog
        ref={ref}
        aria-labelledby={titleId}
        onClose={() => rotate.reset()}
        className="m-auto w-full max-w-lg rounded-2xl border border-slate-200 bg-white p-6 shadow-xl backdrop:bg-slate-900/40"
      >
        <h2 id={titleId} className="text-xl font-semibold tracking-tight text-slate-900">
          Make a new calendar address?
        </h2>
        <p className="mt-3 text-sm text-slate-700">
          The current address stops working at once: every calendar subscribed to it stops showing your lessons until you add the new address.
        </p>
        {rotate.isError && (
          <div className="mt-3">
            <FormAlert error={rotate.error} />
          </div>
        )}
        <div className="mt-4 flex flex-wrap justify-end gap-3">
          <button type="button" className={secondaryButtonClass} onClick={() => ref.current?.close()} disabled={rotate.isPending}>
            Keep the current address
          </button>
          <button type="button" className={dangerButtonClass} onClick={() => rotate.mutate()} disabled={rotate.isPending}>
            {rotate.isPending ? 'Making a new address…' : 'Make a new address'}
          </button>
        </div>
      </dialog>
    </Section>
  );
}
