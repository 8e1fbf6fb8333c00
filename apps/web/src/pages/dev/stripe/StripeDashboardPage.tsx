import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { ApiProblem } from '../../../api/problem';
import { ErrorState } from '../../../components/ErrorState';
import { TimeTravel } from './TimeTravel';
import { EVENTS_TAB, formatCreated, OBJECT_TABS, summarize, tabFrom, type ObjectTab } from './stripeDashboardTabs';
import {
  resendEvent,
  stripeDeliveriesQuery,
  stripeEventsQuery,
  stripeObjectsQuery,
  type LocalStripeDelivery,
  type LocalStripeEvent,
} from './stripeDashboardQueries';

/**
 * `/dev/stripe`: the local Stripe's objects and events, like Stripe's test-mode dashboard
 * (development only: the API routes do not exist in production or with Stripe itself, and this
 * page then says so). Each row opens to its JSON; events show how their webhook delivery fared
 * and can be sent again. `?tab=` selects the tab, so a view can be linked to. Above them, time
 * travel for one of the signed-in user's lessons (`?lesson=`).
 */
export function StripeDashboardPage() {
  const [params, setParams] = useSearchParams();
  const tab = tabFrom(params.get('tab'));
  const objectTab = OBJECT_TABS.find((candidate) => candidate.key === tab);
  const tabs = [...OBJECT_TABS.map(({ key, label }) => ({ key, label })), EVENTS_TAB];

  return (
    <>
      <title>Local Stripe · InstaInstru</title>
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">Local Stripe</h1>
      <p className="mt-1 max-w-3xl text-slate-600">
        The test-mode Stripe this development server runs in place of Stripe (no STRIPE_SECRET_KEY). Everything the app did with
        payments is here; events are signed and sent to the app’s webhook endpoint like Stripe sends them.
      </p>

      <TimeTravel />

      <div role="tablist" aria-label="Local Stripe" className="mt-6 flex flex-wrap gap-1 border-b border-slate-200">
        {tabs.map(({ key, label }) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={key === tab}
            onClick={() =>
              setParams((prev) => {
                const next = new URLSearchParams(prev);
                next.set('tab', key);
                return next;
              })
            }
            className={`-mb-px rounded-t-lg border px-3 py-2 text-sm font-semibold ${
              key === tab ? 'border-slate-200 border-b-white bg-white text-slate-900' : 'border-transparent text-slate-600 hover:text-slate-900'
            }`}
          >
            {label}
          </button>
        ))}
      </div>

      <div className="mt-4">{objectTab ? <ObjectList key={objectTab.key} tab={objectTab} /> : <EventList />}</div>
    </>
  );
}

function Unavailable({ error, onRetry, retrying }: { error: unknown; onRetry: () => void; retrying: boolean }) {
  if (error instanceof ApiProblem && error.status === 404) {
    return (
      <p role="alert" className="rounded-2xl border border-amber-200 bg-amber-50 p-6 text-amber-900">
        The local Stripe exists only in development without Stripe keys: this server talks to Stripe itself, or is not in development.
      </p>
    );
  }
  return <ErrorState error={error} onRetry={onRetry} retrying={retrying} />;
}

function Empty({ children }: { children: string }) {
  return <p className="rounded-2xl border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">{children}</p>;
}

/** The JSON of an object or event, as the API answers it. */
function Json({ value }: { value: unknown }) {
  return <pre className="mt-2 max-h-96 overflow-auto rounded-lg bg-slate-900 p-4 text-xs text-slate-100">{JSON.stringify(value, null, 2)}</pre>;
}

function ObjectList({ tab }: { tab: ObjectTab }) {
  const objects = useQuery(stripeObjectsQuery(tab.kind));
  if (objects.isPending) return <p role="status" className="py-12 text-center text-slate-600">Loading {tab.label.toLowerCase()}…</p>;
  if (objects.isError) return <Unavailable error={objects.error} onRetry={() => void objects.refetch()} retrying={objects.isFetching} />;
  if (objects.data.length === 0) return <Empty>{`No ${tab.label.toLowerCase()} yet.`}</Empty>;
  return (
    <ul aria-label={tab.label} className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white">
      {objects.data.map((object) => (
        <li key={object.id} className="px-4 py-3">
          <details>
            <summary className="flex cursor-pointer flex-wrap items-baseline gap-x-4 gap-y-1">
              <code className="text-sm font-semibold text-slate-900">{object.id}</code>
              <span className="text-sm text-slate-700">{summarize(object.body)}</span>
              {object.account && <span className="text-xs text-slate-500">on {object.account}</span>}
              <span className="ml-auto text-xs text-slate-500">{formatCreated(object.created)}</span>
            </summary>
            <Json value={object.body} />
          </details>
        </li>
      ))}
    </ul>
  );
}

const DELIVERY_STYLE: Record<LocalStripeDelivery['status'], string> = {
  delivered: 'bg-emerald-100 text-emerald-800',
  pending: 'bg-slate-100 text-slate-700',
  failing: 'bg-red-100 text-red-800',
};

function DeliveryBadge({ delivery }: { delivery: LocalStripeDelivery | undefined }) {
  if (!delivery) return <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-600">not sent</span>;
  const last = delivery.lastStatus !== null ? `last ${delivery.lastStatus}` : delivery.lastError ? 'connection failed' : undefined;
  const detail = [`${delivery.attempts} ${delivery.attempts === 1 ? 'attempt' : 'attempts'}`, last].filter(Boolean).join(', ');
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${DELIVERY_STYLE[delivery.status]}`} title={delivery.lastError ?? undefined}>
      {delivery.status} ({detail})
    </span>
  );
}

function EventList() {
  const events = useQuery(stripeEventsQuery());
  const ids = events.data?.map((event) => event.id) ?? [];
  const deliveries = useQuery(stripeDeliveriesQuery(ids));
  const byId = new Map((deliveries.data ?? []).map((delivery) => [delivery.eventId, delivery]));

  if (events.isPending) return <p role="status" className="py-12 text-center text-slate-600">Loading events…</p>;
  if (events.isError) return <Unavailable error={events.error} onRetry={() => void events.refetch()} retrying={events.isFetching} />;
  if (events.data.length === 0) return <Empty>No events yet. Save a card or onboard an instructor, and its events appear here.</Empty>;
  return (
    <ul aria-label="Events" className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white">
      {events.data.map((event) => (
        <EventRow key={event.id} event={event} delivery={byId.get(event.id)} />
      ))}
    </ul>
  );
}

function EventRow({ event, delivery }: { event: LocalStripeEvent; delivery: LocalStripeDelivery | undefined }) {
  const queryClient = useQueryClient();
  const resend = useMutation({
    mutationFn: () => resendEvent(event.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['dev', 'stripe', 'deliveries'] }),
  });
  return (
    <li className="px-4 py-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <details className="min-w-0 flex-1">
          <summary className="flex cursor-pointer flex-wrap items-baseline gap-x-4 gap-y-1">
            <span className="text-sm font-semibold text-slate-900">{event.type}</span>
            <code className="text-xs text-slate-600">{event.id}</code>
            {event.account && <span className="text-xs text-slate-500">on {event.account}</span>}
            <span className="text-xs text-slate-500">{formatCreated(event.created)}</span>
          </summary>
          <Json value={event.event} />
        </details>
        <DeliveryBadge delivery={delivery} />
        <button
          type="button"
          onClick={() => resend.mutate()}
          disabled={resend.isPending}
          aria-label={`Resend ${event.type} ${event.id}`}
          className="rounded-lg border border-slate-300 px-3 py-1 text-sm font-semibold text-slate-800 hover:bg-slate-100 disabled:opacity-50"
        >
          {resend.isPending ? 'Resending…' : 'Resend'}
        </button>
      </div>
      {resend.isError && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {resend.error instanceof ApiProblem ? (resend.error.detail ?? resend.error.title) : 'The event could not be queued again.'}
        </p>
      )}
      {resend.isSuccess && (
        <p role="status" className="mt-2 text-sm text-slate-600">
          Queued again; the status above follows.
        </p>
      )}
    </li>
  );
}
