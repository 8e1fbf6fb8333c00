import type { Config } from '../../config.ts';
import type { Db } from '../../platform/db/database.ts';
import type { ResponseCache } from '../../platform/http/response-cache.ts';
import { GeoRepository } from './geo.repository.ts';
import { geoRoutes } from './geo.routes.ts';
import { GeoService } from './geo.service.ts';
import { createStudioJitter, deriveJitterKey } from './jitter.ts';

/** Wires the geo module: neighborhoods, service areas, coverage queries and the studio jitter. */
export function createGeoModule(deps: { db: Db; config: Pick<Config, 'ENCRYPTION_KEY'>; responses: ResponseCache }) {
  if (!deps.config.ENCRYPTION_KEY) throw new Error('ENCRYPTION_KEY is required to place studios approximately');
  const jitterKey = deriveJitterKey(deps.config.ENCRYPTION_KEY);
  const repository = new GeoRepository(deps.db);
  const service = new GeoService({ db: deps.db, repository, jitterKey });
  // repository: neighborhoodsServedBy, hasServiceAreas, instructorsServingPoint, servesPoint,
  // servesNeighborhood, neighborhoodAt…; studioJitter: the public studio point.
  return { repository, service, routes: geoRoutes(service, deps.responses), studioJitter: createStudioJitter(jitterKey) };
}
