import { queryOptions } from '@tanstack/react-query';
import { ACCOUNT_KEY } from './account';
import { api } from './client';
import { unwrap } from './request';
import type { components } from './schema';

export type CalendarFeed = components['schemas']['CalendarFeed'];

/** Who has a calendar feed (students and instructors). */
export const CALENDAR_PERMISSION = 'calendar:manage_own';

const CALENDAR_KEY = [...ACCOUNT_KEY, 'calendar'] as const;

/** The private ICS feed address (made on the first read, the same until rotated). */
export const calendarFeedQuery = () =>
  queryOptions({
    queryKey: CALENDAR_KEY,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/calendar', { signal })),
    staleTime: Infinity,
  });

/** A new address; the old one stops working at once. */
export const rotateCalendarFeed = () => unwrap(api.POST('/api/v1/me/calendar/rotate'));

export const calendarKey = CALENDAR_KEY;
