import { useQuery } from '@tanstack/react-query';
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

/**
 * The instructor's open times for the next two weeks, for the service and lesson length the
 * visitor picks (each pick asks the slots API again). Plain text: booking does not exist yet,
 * so nothing here looks clickable.
 */
export function NextSlots({ instructorId, services }: { instructorId: string; services: readonly OfferedService[] }) {
  const id = useId();
  const [serviceId, setServiceId] = useState(services[0]?.serviceId ?? '');
  const service = services.find((s) => s.serviceId === serviceId) ?? services[0];
  const lengths = service?.rates.map((r) => r.durationMinutes) ?? [];
  const [chosenLength, setChosenLength] = useState<number | null>(null);
  // A length the newly chosen service does not offer falls back to its first one.
  const durationMinutes = chosenLength !== null && lengths.includes(chosenLength) ? chosenLength : lengths[0];
  if (!service || durationMinutes === undefined) return null;

  return (
    <section aria-labelledby="slots-heading">
      <h2 id="slots-heading" className="text-xl font-semibold text-slate-900">
        Open times
      </h2>
      <p className="mt-1 text-sm text-slate-600">The next two weeks, in New York time. Booking online is not open yet.</p>
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
      <SlotList instructorId={instructorId} serviceId={service.serviceId} serviceName={service.name} durationMinutes={durationMinutes} />
    </section>
  );
}

function SlotList({ instructorId, serviceId, serviceName, durationMinutes }: { instructorId: string; serviceId: string; serviceName: string; durationMinutes: number }) {
  const from = todayInNewYork();
  const to = addDays(from, 14);
  const slots = useQuery({
    queryKey: ['instructors', instructorId, 'slots', serviceId, durationMinutes, from],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/instructors/{id}/slots', {
          params: { path: { id: instructorId }, query: { serviceId, durationMinutes, from, to } },
          signal,
        }),
      ),
  });
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
      {slots.data.slots.slice(0, 12).map((s) => (
        <li key={s.start}>
          <time dateTime={s.start}>{slotFormat.format(new Date(s.start))}</time>
        </li>
      ))}
    </ul>
  );
}
