import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import type { paths } from '../../api/schema';

export type OutboxEmail =
  paths['/api/v1/dev/outbox/email']['get']['responses'][200]['content']['application/json']['items'][number];

/** What the local outbox "delivered", newest first; polled so new mail shows up by itself. */
export const outboxEmailsQuery = (to: string) =>
  queryOptions({
    queryKey: ['dev', 'outbox', 'email', to],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/dev/outbox/email', { params: { query: { limit: 100, ...(to ? { to } : {}) } }, signal })),
    refetchInterval: 3_000,
  });
