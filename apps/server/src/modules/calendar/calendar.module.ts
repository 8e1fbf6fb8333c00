import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { CalendarRepository } from './calendar.repository.ts';
import { calendarRoutes } from './calendar.routes.ts';
import { CalendarService } from './calendar.service.ts';

/** Private calendar feeds (issue 11 item 12): routes wired to the service. */
export function createCalendarModule(deps: { db: Db; clock: Clock; encryptionKey: string | undefined; publicUrl: string; feedUrlBase: string }) {
  if (!deps.encryptionKey) throw new Error('ENCRYPTION_KEY is required to keep calendar feed addresses');
  const service = new CalendarService({ ...deps, encryptionKey: deps.encryptionKey, repository: new CalendarRepository() });
  const routes: FastifyPluginAsyncZod = calendarRoutes(service);
  return { routes, service };
}
