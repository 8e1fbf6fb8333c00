import { MARKETPLACE_TIME_ZONE } from '@instainstru/marketplace-time';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatCents } from '../../lib/format';
import { CalendarIcon } from '../../components/icons/icons';
import { sameInstant, slotsQuery, type ChosenSlot } from './NextSlots';

interface OfferedService {
  serviceId: string;
  name: string;
  rates: ReadonlyArray<{ durationMinutes: number; rateCents: number }>;
}

const chosenFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: MARKETPLACE_TIME_ZONE,
  weekday: 'long',
  month: 'long',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

/**
 * The time picked in search results, at the top of the profile: the lesson, when (New York
 * time), its length and price, and whether it is still open; while it is, "Book this time"
 * opens the booking page with it chosen.
 */
export function ChosenTime({ instructorId, chosen, services }: { instructorId: string; chosen: ChosenSlot; services: readonly OfferedService[] }) {
  const service = services.find((s) => s.serviceId === chosen.serviceId);
  const slots = useQuery({ ...slotsQuery(instructorId, chosen.serviceId, chosen.durationMinutes), enabled: Boolean(service) });
  const start = new Date(chosen.start);
  if (!service || Number.isNaN(start.getTime())) return null;
  const rate = service.rates.find((r) => r.durationMinutes === chosen.durationMinutes);
  const stillOpen = slots.data?.slots.some((s) => sameInstant(s.start, chosen.start));

  return (
    <section aria-labelledby="chosen-heading" className="rounded-2xl border border-indigo-200 bg-indigo-50 p-5">
      <h2 id="chosen-heading" className="flex items-center gap-2 text-lg font-semibold text-indigo-950">
        <CalendarIcon className="h-5 w-5" />
        Your chosen time
      </h2>
      <p className="mt-2 text-indigo-950">
        <strong>{service.name}</strong>, <time dateTime={chosen.start}>{chosenFormat.format(start)}</time> (New York time), {chosen.durationMinutes} minutes
        {rate && <> · {formatCents(rate.rateCents)}</>}
      </p>
      {slots.isSuccess && (
        <p className="mt-1 text-sm text-indigo-900">
          {stillOpen ? 'This time is still open.' : 'This time is no longer open: see the other open times below.'}
        </p>
      )}
      {stillOpen && (
        <Link
          to={`/instructors/${instructorId}/book?${new URLSearchParams({ service: chosen.serviceId, duration: String(chosen.durationMinutes), start: chosen.start })}`}
          className="mt-3 inline-flex rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white shadow-sm hover:bg-indigo-700"
        >
          Book this time
        </Link>
      )}
    </section>
  );
}
