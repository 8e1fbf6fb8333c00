import { queryOptions } from '@tanstack/react-query';
import { ACCOUNT_KEY } from './account';
import { api } from './client';
import { expectOk, unwrap } from './request';
import type { paths } from './schema';

export type SavedCard = paths['/api/v1/me/payment-methods']['get']['responses'][200]['content']['application/json']['items'][number];
export type CardSetup = paths['/api/v1/me/payment-methods/setup']['post']['responses'][201]['content']['application/json'];

/** Who may keep cards (students and admins): the permission the API checks on these routes. */
export const PAYMENT_METHODS_PERMISSION = 'payments:methods_own';

/** Under the account key: dropped at log-out with the rest of the user's data. */
export const paymentMethodsQuery = queryOptions({
  queryKey: [...ACCOUNT_KEY, 'payment-methods'],
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/payment-methods', { signal })),
});

/** A SetupIntent for a new card, with the key and provider the browser needs to collect it. */
export const startCardSetup = () => unwrap(api.POST('/api/v1/me/payment-methods/setup'));

export const makeDefaultCard = (id: string) =>
  expectOk(api.PUT('/api/v1/me/payment-methods/{id}/default', { params: { path: { id } } }));

export const removeCard = (id: string) => expectOk(api.DELETE('/api/v1/me/payment-methods/{id}', { params: { path: { id } } }));
