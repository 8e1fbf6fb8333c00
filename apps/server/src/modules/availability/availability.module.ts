import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { CACHE_TAGS, invalidateAfterWrites, type ResponseCache } from '../../platform/http/response-cache.ts';
import { AvailabilityRepository } from './availability.repository.ts';
import { dateOf } from './day-cells.ts';
import { availabilityRoutes } from './availability.routes.ts';
import { AvailabilityService } from './availability.service.ts';
import { SlotsService } from './slots.service.ts';

/**
 * The availability module's routes, wired to its services (one line in app.ts). Every change
 * through them changes someone's free time: cached search pages are forgotten.
 */
export function availabilityModule(deps: { db: Db; clock: Clock; responses?: ResponseCache }): FastifyPluginAsyncZod {
  const repository = new AvailabilityRepository(deps.db);
  const routes = availabilityRoutes(
    new AvailabilityService({ db: deps.db, repository, clock: deps.clock }),
    new SlotsService({ repository, clock: deps.clock }),
  );
  const responses = deps.responses;
  if (!responses) return routes;
  return async (app, options) => {
    invalidateAfterWrites(app, responses, [CACHE_TAGS.availability]);
    await routes(app, options);
  };
}

/**
 * "Has this instructor any bookable time ahead?" for the onboarding checklist: a stored day
 * from today (New York) on with at least one available quarter-hour.
 */
export function availabilitySignal(deps: { db: Db; clock: Clock }) {
  return {
    async hasUpcomingAvailability(instructorId: string): Promise<boolean> {
      const today = dateOf(deps.clock.nowMs());
      const row = await deps.db
        .selectFrom('availabilityDays')
        .select('date')
        .where('instructorId', '=', instructorId)
        .where('date', '>=', today)
        .where('cells', '~', '[1-9A-F]')
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
