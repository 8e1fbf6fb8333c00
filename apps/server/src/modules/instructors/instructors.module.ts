import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Geocoder } from '../../integrations/geocoding/geocoding.port.ts';
import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { CACHE_TAGS, invalidateAfterWrites, type ResponseCache } from '../../platform/http/response-cache.ts';
import { adminInstructorsRoutes } from './admin-instructors.routes.ts';
import { InstructorApprovalService } from './instructor-approval.service.ts';
import { InstructorDirectoryService } from './instructor-directory.service.ts';
import { InstructorPhotoService } from './instructor-photo.service.ts';
import { instructorProfileRoutes } from './instructor-profile.routes.ts';
import { InstructorProfileService } from './instructor-profile.service.ts';
import { InstructorServicesService } from './instructor-services.service.ts';
import type { AvailabilitySignal, IdentitySignal, PayoutsSignal, ServiceAreaSignal, ServiceAreasReader, StudioJitter } from './instructors.ports.ts';
import { InstructorsRepository } from './instructors.repository.ts';
import { instructorDirectoryRoutes } from './instructors.routes.ts';
import { OwnProfileReader } from './own-profile-view.ts';

export interface InstructorsModuleDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  storage: StoragePort;
  geocoder: Geocoder;
  /** Keyed, stable jitter of studio points for public reads. */
  jitter: StudioJitter;
  /** Not passed: the availability item is "coming later" and does not block publishing. */
  availability?: AvailabilitySignal;
  /** Not passed: the service-areas item is "coming later" and does not block publishing. */
  serviceAreas?: ServiceAreaSignal;
  /** Not passed: the payouts item is "coming later" and does not block publishing. */
  payouts?: PayoutsSignal;
  /** Not passed: the identity item is "coming later" and does not block publishing. */
  identity?: IdentitySignal;
  /** Not passed: public profiles list no neighborhoods. */
  neighborhoods?: ServiceAreasReader;
  /** Public profiles and the directory, invalidated by every successful change made here. */
  responses: ResponseCache;
  /** Storage objects that could not be removed after a photo change (for the log). */
  onCleanupError?: (error: unknown, keys: string[]) => void;
}

/**
 * Instructor supply (PRODUCT.md §2): profiles, services and prices, photos, the onboarding
 * checklist, publishing, the public directory and admin approval. The ports come from the
 * composition root so the real geocoder, availability and service-area adapters plug in there.
 */
export function createInstructorsModule(deps: InstructorsModuleDeps) {
  const { db, clock, ids, storage } = deps;
  const repository = new InstructorsRepository(db);
  const reader = new OwnProfileReader({ repository, storage, availability: deps.availability, serviceAreas: deps.serviceAreas, payouts: deps.payouts, identity: deps.identity });
  const profiles = new InstructorProfileService({ db, clock, repository, reader, geocoder: deps.geocoder });
  const services = new InstructorServicesService({ db, repository, reader });
  const photos = new InstructorPhotoService({ db, ids, repository, storage, reader, onCleanupError: deps.onCleanupError });
  const directory = new InstructorDirectoryService({ repository, storage, jitter: deps.jitter, serviceAreas: deps.neighborhoods });
  const approval = new InstructorApprovalService({ db, clock, repository });

  const invalidating =
    (plugin: FastifyPluginAsyncZod): FastifyPluginAsyncZod =>
    async (app) => {
      invalidateAfterWrites(app, deps.responses, [CACHE_TAGS.instructors]);
      await app.register(plugin);
    };
  const routes: FastifyPluginAsyncZod[] = [
    invalidating(instructorProfileRoutes({ profiles, services, photos })),
    instructorDirectoryRoutes(directory, deps.responses),
    invalidating(adminInstructorsRoutes(approval)),
  ];
  return { routes, profiles, services, photos, directory, approval, repository };
}

