import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { problemFromFailure, problemFromResponse } from '../../../api/problem';
import { unwrap } from '../../../api/request';
import type { paths } from '../../../api/schema';

/**
 * The /dev/stripe dashboard's reads. Objects and events come from the local Stripe's dev routes
 * (modules/dev/local-stripe.routes.ts: `GET /api/v1/dev/stripe/objects?kind=&limit=` and
 * `GET /api/v1/dev/stripe/events?limit=`), typed here by their documented shape; deliveries and
 * resend from modules/payments/local-delivery.
 */
export interface LocalStripeObject {
  id: string;
  kind: string;
  /** '' for the platform, else the connected account (acct_…). */
  account: string;
  /** Unix seconds, by the marketplace clock. */
  created: number;
  body: Record<string, unknown>;
}

export interface LocalStripeEvent {
  id: string;
  type: string;
  account: string;
  created: number;
  event: Record<string, unknown>;
}

export type LocalStripeDelivery =
  paths['/api/v1/dev/stripe/deliveries']['get']['responses'][200]['content']['application/json']['items'][number];

const LIMIT = 100;
/** The dashboard follows what the app does: new objects and deliveries show up by themselves. */
const REFRESH_MS = 3_000;

async function getItems<T>(path: string, signal: AbortSignal): Promise<T[]> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  } catch (cause) {
    throw problemFromFailure(cause);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw problemFromResponse(body, response);
  return (body as { items: T[] }).items;
}

export const stripeObjectsQuery = (kind: string) =>
  queryOptions({
    queryKey: ['dev', 'stripe', 'objects', kind],
    queryFn: ({ signal }) => getItems<LocalStripeObject>(`/api/v1/dev/stripe/objects?kind=${encodeURIComponent(kind)}&limit=${LIMIT}`, signal),
    refetchInterval: REFRESH_MS,
  });

export const stripeEventsQuery = () =>
  queryOptions({
    queryKey: ['dev', 'stripe', 'events'],
    queryFn: ({ signal }) => getItems<LocalStripeEvent>(`/api/v1/dev/stripe/events?limit=${LIMIT}`, signal),
    refetchInterval: REFRESH_MS,
  });

export const stripeDeliveriesQuery = (eventIds: readonly string[]) =>
  queryOptions({
    queryKey: ['dev', 'stripe', 'deliveries', eventIds.join(',')],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/dev/stripe/deliveries', { params: { query: { eventIds: eventIds.join(',') } }, signal })).then((data) => data.items),
    enabled: eventIds.length > 0,
    refetchInterval: REFRESH_MS,
  });

export function resendEvent(eventId: string) {
  return unwrap(api.POST('/api/v1/dev/stripe/events/{id}/resend', { params: { path: { id: eventId } } }));
}
