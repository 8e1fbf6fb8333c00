import { queryOptions, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import { ErrorState } from '../../components/ErrorState';
import { inputClass } from '../../components/form/styles';
import { addDays, MARKETPLACE_TIME_ZONE } from '@instainstru/marketplace-time';
import { todayInNewYork } from '../instructor/cells';

interface OfferedService {
  serviceId: string;
  name: string;
  rates: ReadonlyArray<{ durationMinutes: number }>;
}

const slotFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: MARKETPLACE_TIME_ZONE,
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

/** A time chosen in search results: this service, this start, this length. */
export interface ChosenSlot {
  serviceId: string;
  start: string;
  durationMinutes: number;
}

/** The open starts of the next two weeks (from today in New York) for one service and length. */
export function slotsQuery(instructorId: string, serviceId: string, durationMinutes: number) {
  const from = todayInNewYork();
  const to = addDays(from, 14);
  return queryOptions({
    queryKey: ['instructors', instructorId, 'slots', serviceId, durationMinutes, from],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/instructors/{id}/slots', {
          params: { path: { id: instructorId }, query: { serviceId, durationMinutes, from, to } },
          signal,
        }),
      ),
  });
}

/**
 * The instructor's open times for the next two weeks, for the service and lesson length the
 * visitor picks (each pick asks the slots API again). Plain text: booking happens on the
 * booking page ("Book a lesson"). A time chosen in search starts the lists on its service
 * and length, and is marked in the list; a result's name link starts them on its service.
 */
export function NextSlots(props: { instructorId: string; services: readonly OfferedService[]; chosen?: ChosenSlot | null; preferredServiceId?: string | null }) {
  const { instructorId, services, chosen = null, preferredServiceId = null } = props;
  const id = useId();
  // An unknown id (a stale link) falls back to the first service below.
  const [serviceId, setServiceId] = useState(chosen?.serviceId ?? preferredServiceId ?? services[0]?.serviceId ?? '');
  const service = services.find((s) => s.serviceId === serviceId) ?? services[0];
  const lengths = service?.rates.map((r) => r.durationMinutes) ?? [];
  const [chosenLength, setChosenLength] = useState<number | null>(chosen?.durationMinutes ?? null);
  // A length the newly chosen service does not offer falls back to its first one.
  const durationMinutes = chosenLength !== null && lengths.includes(chosenLength) ? chosenLength : lengths[0];
  if (!service || durationMinutes === undefined) return null;

  return (
    <section aria-labelledby="slots-heading">
      <h2 id="slots-heading" className="text-xl font-semibold text-slate-900">
        Open times
      </h2>
      <p className="mt-1 text-sm text-slate-600">The next two weeks, in New York time. Choose one when you book.</p>
      <div className="mt-3 flex flex-wrap gap-4">
        {services.length > 1 && (
          <div>
            <label htmlFor={`${id}-service`} className="block text-sm font-semibold text-slate-800">
              Lesson
            </label>
            <select
              id={`${id}-service`}
              value={service.serviceId}
              onChange={(e) => setServiceId(e.target.value)}
              className={`mt-1 ${inputClass(false)}`}
            >
              {services.map((s) => (
                <option key={s.serviceId} value={s.serviceId}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div>
          <label htmlFor={`${id}-length`} className="block text-sm font-semibold text-slate-800">
            Length
          </label>
          <select
            id={`${id}-length`}
            value={durationMinutes}
            onChange={(e) => setChosenLength(Number(e.target.value))}
            className={`mt-1 ${inputClass(false)}`}
          >
            {lengths.map((minutes) => (
              <option key={minutes} value={minutes}>
                {minutes} minutes
              </option>
            ))}
          </select>
        </div>
      </div>
      <SlotList
        instructorId={instructorId}
        serviceId={service.serviceId}
        serviceName={service.name}
        durationMinutes={durationMinutes}
        chosenStart={chosen && chosen.serviceId === service.serviceId && chosen.durationMinutes === durationMinutes ? chosen.start : null}
      />
    </section>
  );
}

function SlotList(props: { instructorId: string; serviceId: string; serviceName: string; durationMinutes: number; chosenStart: string | null }) {
  const { instructorId, serviceId, serviceName, durationMinutes, chosenStart } = props;
  const slots = useQuery(slotsQuery(instructorId, serviceId, durationMinutes));
  if (slots.isPending) {
    return (
      <p role="status" className="mt-3 text-slate-600">
        Loading times…
      </p>
    );
  }
  if (slots.isError) return <ErrorState error={slots.error} onRetry={() => void slots.refetch()} />;
  if (slots.data.slots.length === 0) {
    return <p className="mt-3 text-slate-700">No open times for {serviceName.toLowerCase()} ({durationMinutes} min) in the next two weeks.</p>;
  }
  return (
    <ul className="mt-3 grid gap-x-6 gap-y-1 text-sm text-slate-800 sm:grid-cols-3" aria-label={`Open times for ${serviceName}, ${durationMinutes} minutes`}>
      {slots.data.slots.slice(0, 12).map((s) =>
        sameInstant(s.start, chosenStart) ? (
          <li key={s.start} className="-mx-2 rounded-md bg-indigo-100 px-2 font-semibold text-indigo-900">
            <time dateTime={s.start}>{slotFormat.format(new Date(s.start))}</time>
            <span className="sr-only"> (your chosen time)</span>
          </li>
        ) : (
          <li key={s.start}>
            <time dateTime={s.start}>{slotFormat.format(new Date(s.start))}</time>
          </li>
        ),
      )}
    </ul>
  );
}

/** Two ISO instants are the same moment (the URL may spell it differently from the API). */
export function sameInstant(a: string, b: string | null): boolean {
  return b !== null && new Date(a).getTime() === new Date(b).getTime();
}
