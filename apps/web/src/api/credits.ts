import { queryOptions } from '@tanstack/react-query';
import { ACCOUNT_KEY } from './account';
import { api } from './client';
import { unwrap } from './request';
import type { components } from './schema';

export type MyCredits = components['schemas']['MyCredits'];
export type CreditEntry = MyCredits['history'][number];

/** Under the account key: dropped at log-out with the rest of the user's data. */
export const CREDITS_KEY = [...ACCOUNT_KEY, 'credits'] as const;

/** The balance usable now and its history, as the API counts them (never added up here). */
export const creditsQuery = () =>
  queryOptions({
    queryKey: CREDITS_KEY,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/credits', { signal })),
  });
