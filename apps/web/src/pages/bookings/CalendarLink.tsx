import { useQuery } from '@tanstack/react-query';
import { CALENDAR_PERMISSION, calendarFeedQuery } from '../../api/calendar';
import { Link } from 'react-router';
import { useCan } from '../../auth/useSession';

/**
 * "Add to calendar": the user's private ICS feed (all their lessons, kept up to date, cancelled
 * ones marked so), opened as webcal:// so calendar apps offer to subscribe; the https address
 * is there to paste into a calendar that asks for one. Nothing when the account has no feed.
 */
export function CalendarLink() {
  const allowed = useCan(CALENDAR_PERMISSION);
  const feed = useQuery({ ...calendarFeedQuery(), enabled: allowed });
  if (!allowed || !feed.isSuccess) return null;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-semibold text-indigo-700">Add to calendar</summary>
      <div className="mt-2 space-y-2 rounded-lg border border-slate-200 bg-white p-3 text-slate-700">
        <p>
          <a href={feed.data.webcalUrl} className="font-semibold text-indigo-700 hover:underline">
            Subscribe in your calendar app
          </a>{' '}
          — every lesson appears there and stays up to date.
        </p>
        <p>
          Or paste this private address into Google, Apple or Outlook calendar (keep it to yourself):
          <code aria-label="Calendar feed address" className="mt-1 block break-all rounded bg-slate-100 px-2 py-1 text-xs text-slate-800">
            {feed.data.url}
          </code>
        </p>
        <p>
          <Link to="/account/calendar" className="font-semibold text-indigo-700 hover:underline">
            How to add it, or make a new address
          </Link>
        </p>
      </div>
    </details>
  );
}
