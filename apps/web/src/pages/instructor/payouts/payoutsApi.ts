import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/request';
import type { components } from '../../../api/schema';

export type PayoutsOverview = components['schemas']['PayoutsOverview'];
export type Payout = components['schemas']['Payout'];
export type IdentityStatus = components['schemas']['IdentityStatus'];

/** `refresh`: re-read the account from Stripe first (on coming back from its onboarding pages). */
export const payoutsQuery = (refresh = false) =>
  queryOptions({
    queryKey: ['payouts', { refresh }],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/payouts', { params: { query: refresh ? { refresh: 'true' } : {} }, signal })),
  });

export const identityQuery = (refresh = false) =>
  queryOptions({
    queryKey: ['identity', { refresh }],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/identity', { params: { query: refresh ? { refresh: 'true' } : {} }, signal })),
  });

export const startOnboarding = () => unwrap(api.POST('/api/v1/me/payouts/onboarding'));
export const startIdentitySession = () => unwrap(api.POST('/api/v1/me/identity/session'));

/** One key per confirmed request: a retry of the same click cannot pay out twice. */
export const requestInstantPayout = (amountCents: number, idempotencyKey: string) =>
  unwrap(api.POST('/api/v1/me/payouts/instant', { body: { amountCents }, params: { header: { 'idempotency-key': idempotencyKey } } }));

/** The fee the server will take, by its rule (fees.policy: basis points, half a cent up), to show before confirming. */
export function instantFeeCents(amountCents: number, basisPoints: number): number {
  return Math.floor((amountCents * basisPoints + 5_000) / 10_000);
}

export const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;

/** Hosted pages (Stripe's, or the local Stripe's in development) open in this tab and send the instructor back. */
export function goTo(url: string): void {
  window.location.assign(url);
}

export const PAYOUT_STATUS_TEXT: Record<PayoutsOverview['status'], { label: string; explain: string; tone: string }> = {
  not_started: { label: 'Not set up', explain: 'Set up payouts with Stripe so your earnings reach your bank account.', tone: 'bg-slate-100 text-slate-700' },
  details_needed: { label: 'Details needed', explain: 'Stripe needs a few more details before it can pay you.', tone: 'bg-red-100 text-red-800' },
  pending_verification: { label: 'Being verified', explain: 'Stripe is checking the details you gave. This usually takes a few minutes.', tone: 'bg-amber-100 text-amber-800' },
  enabled: { label: 'Ready', explain: 'Your earnings are paid out to your bank account.', tone: 'bg-green-100 text-green-800' },
  restricted: { label: 'Restricted', explain: 'Stripe has restricted your account. See what it needs below, or contact support.', tone: 'bg-red-100 text-red-800' },
};

export const PAYOUT_STATE_TEXT: Record<Payout['status'], string> = {
  pending: 'Pending',
  in_transit: 'On its way',
  paid: 'Paid',
  failed: 'Failed',
  canceled: 'Canceled',
};
