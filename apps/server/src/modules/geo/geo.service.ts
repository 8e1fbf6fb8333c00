import type { Principal } from '../../platform/auth/principal.ts';
import type { Db } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import type { GeoRepository, NeighborhoodRef } from './geo.repository.ts';
import type { Borough } from './geo.tables.ts';
import { jitteredLocation, type LatLng } from './jitter.ts';
import { etagMatches } from '../../platform/http/etag.ts';

/** How many neighborhoods one instructor may serve (about a borough's worth). */
export const MAX_SERVICE_AREAS = 60;

/**
 * Polygons for the map are simplified by this much (degrees, about 2 m): invisible below
 * zoom 17, and the collection shrinks from 2.3 MB to 0.75 MB (170 KB gzipped). Changing it
 * changes the ETag.
 */
export const MAP_TOLERANCE_DEGREES = 0.00002;

/**
 * The shape of each feature's properties. Part of the ETag, so that a client holding a body
 * of an older shape (before `residential`, version 1) revalidates to the new one instead of
 * getting a 304. Bump it whenever the properties change.
 */
export const MAP_FORMAT_VERSION = 2;

/** How many codes one `GET /neighborhoods?codes=` may name: more than the city has (262), so only abuse meets it. */
export const MAX_NEIGHBORHOOD_CODES = 300;

export interface ServiceAreas {
  neighborhoodCodes: string[];
  neighborhoods: NeighborhoodRef[];
}

/** Neighborhoods for the map, and the instructor's own service areas (PRODUCT.md §2). */
export class GeoService {
  /**
   * Serialized collections of the current data version, by ETag: derived from reference data
   * that changes only with a release, and the same in every process.
   */
  private maps = { version: '', bodies: new Map<string, string>() };

  constructor(
    private readonly deps: {
      db: Db;
      repository: GeoRepository;
      /** From deriveJitterKey(ENCRYPTION_KEY). */
      jitterKey: Buffer;
    },
  ) {}

  private static instructorOf(principal: Principal | null): string {
    if (!principal || principal.kind !== 'user') throw new DomainError('forbidden', 'Only a signed-in instructor has service areas.');
    return principal.userId;
  }

  /**
   * The GeoJSON map of neighborhoods (public). `body` is null when the caller's If-None-Match
   * already names the current version, so nothing is serialized for a 304.
   */
  async neighborhoodsMap(borough: Borough | undefined, ifNoneMatch?: string): Promise<{ etag: string; body: string | null }> {
    const version = (await this.deps.repository.neighborhoodsVersion()) ?? 'none';
    const etag = `"nta-${version.slice(0, 16)}-${MAP_TOLERANCE_DEGREES}-f${MAP_FORMAT_VERSION}-${borough ?? 'all'}"`.replaceAll(' ', '_');
    if (etagMatches(ifNoneMatch, etag)) return { etag, body: null };
    if (this.maps.version !== version) this.maps = { version, bodies: new Map() };
    let body = this.maps.bodies.get(etag);
    if (body === undefined) {
      body = await this.deps.repository.neighborhoodsFeatureCollection({ borough, toleranceDegrees: MAP_TOLERANCE_DEGREES });
      this.maps.bodies.set(etag, body);
    }
    return { etag, body };
  }

  /**
   * Only the named neighborhoods (a profile page draws those an instructor serves), in the
   * same GeoJSON shape as the whole map. Every code must exist: unknown ones are field errors
   * on `query.codes`. Not cached: a few polygons are serialized in milliseconds.
   */
  async neighborhoodsByCode(codes: readonly string[], borough: Borough | undefined): Promise<string> {
    const wanted = [...new Set(codes)];
    const known = new Set((await this.deps.repository.findNeighborhoods(wanted)).map((n) => n.code));
    const unknown = wanted.filter((code) => !known.has(code));
    if (unknown.length > 0) {
      throw new DomainError('validation_failed', `Unknown neighborhood codes: ${unknown.join(', ')}.`, {
        errors: [{ field: 'query.codes', reason: `${unknown.map((code) => `"${code}"`).join(', ')} ${unknown.length === 1 ? 'is not a NYC neighborhood code' : 'are not NYC neighborhood codes'}` }],
      });
    }
    return this.deps.repository.neighborhoodsFeatureCollection({ borough, codes: wanted, toleranceDegrees: MAP_TOLERANCE_DEGREES });
  }

  async myServiceAreas(principal: Principal | null): Promise<ServiceAreas> {
    const instructorId = GeoService.instructorOf(principal);
    return toServiceAreas(await this.deps.repository.neighborhoodsServedBy(instructorId));
  }

  /**
   * Replaces the caller's service areas. Unknown codes, and neighborhoods where nobody lives
   * (parks, cemeteries, airports, Rikers Island: not residential), are field errors naming each one.
   */
  async setMyServiceAreas(principal: Principal | null, codes: readonly string[]): Promise<ServiceAreas> {
    const instructorId = GeoService.instructorOf(principal);
    const wanted = [...new Set(codes)];
    if (wanted.length > MAX_SERVICE_AREAS) {
      throw new DomainError('validation_failed', `You can serve at most ${MAX_SERVICE_AREAS} neighborhoods.`, {
        errors: [{ field: 'body.neighborhoodCodes', reason: `must list at most ${MAX_SERVICE_AREAS} neighborhoods` }],
      });
    }
    const { repository, db } = this.deps;
    return db.transaction().execute(async (trx) => {
      await repository.lockServiceAreas(instructorId, trx);
      const found = new Map((await repository.findNeighborhoods(wanted, trx)).map((n) => [n.code, n]));
      const refused = codes
        .map((code, index) => ({ code, index, neighborhood: found.get(code) }))
        .filter(({ neighborhood }) => !neighborhood?.residential);
      if (refused.length > 0) {
        const listed = (which: typeof refused) => [...new Set(which.map((r) => r.code))].join(', ');
        const unknown = refused.filter((r) => !r.neighborhood);
        const unlived = refused.filter((r) => r.neighborhood);
        const detail = [
          ...(unknown.length > 0 ? [`Unknown neighborhood codes: ${listed(unknown)}.`] : []),
          ...(unlived.length > 0 ? [`Not residential neighborhoods (nobody lives there): ${listed(unlived)}.`] : []),
        ].join(' ');
        throw new DomainError('validation_failed', detail, {
          errors: refused.map(({ code, index, neighborhood }) => ({
            field: `body.neighborhoodCodes.${index}`,
            reason: neighborhood
              ? `"${code}" (${neighborhood.name}) is not a residential neighborhood: parks, cemeteries, airports and other places where nobody lives cannot be served`
              : `"${code}" is not a NYC neighborhood code`,
          })),
        });
      }
      await repository.replaceServiceAreas(instructorId, wanted, trx);
      return toServiceAreas(await repository.neighborhoodsServedBy(instructorId, trx));
    });
  }

  /** Where the public profile may show a studio: stable per instructor, 200–400 m from the real address. */
  publicStudioLocation(instructorId: string, studio: LatLng): LatLng {
    return jitteredLocation(studio, instructorId, this.deps.jitterKey);
  }
}

function toServiceAreas(neighborhoods: NeighborhoodRef[]): ServiceAreas {
  return { neighborhoodCodes: neighborhoods.map((n) => n.code), neighborhoods };
}
