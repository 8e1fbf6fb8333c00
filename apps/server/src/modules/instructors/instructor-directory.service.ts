import { z } from 'zod';
import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import { notFound } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import type { ServiceAreasReader, StudioJitter } from './instructors.ports.ts';
import type { InstructorsRepository, ServiceRow } from './instructors.repository.ts';
import { photoUrls, servicesByInstructor, type PhotoUrls } from './instructor-views.ts';
import { hourlyEquivalentCents } from './pricing.policy.ts';
import { JITTER_MAX_METERS } from './studio-location.ts';

export interface PublicServiceView {
  serviceId: string;
  slug: string;
  name: string;
  categorySlug: string;
  categoryName: string;
  lessonTypes: string[];
  rates: Array<{ durationMinutes: number; rateCents: number; hourlyRateCents: number }>;
}

export interface PublicInstructorView {
  id: string;
  name: string;
  headline: string;
  bio: string;
  photo: PhotoUrls | null;
  yearsExperience: number | null;
  languages: string[];
  ageGroups: string[];
  levels: string[];
  isFounding: boolean;
  location: {
    travelsToStudents: boolean;
    teachesAtStudio: boolean;
    teachesOnline: boolean;
    /** Never the address: a point moved a few hundred metres, stable per instructor. */
    studio: { approximateLocation: { lat: number; lng: number }; radiusMeters: number } | null;
    neighborhoodsServed: Array<{ code: string; name: string; borough: string }>;
  };
  services: PublicServiceView[];
}

export interface PublicInstructorSummary {
  id: string;
  name: string;
  headline: string;
  photo: PhotoUrls | null;
  yearsExperience: number | null;
  isFounding: boolean;
  travelsToStudents: boolean;
  teachesAtStudio: boolean;
  teachesOnline: boolean;
  services: Array<{ serviceId: string; slug: string; name: string; fromCents: number }>;
}

const directoryCursor = z.tuple([z.string().datetime(), z.string()]);

function publicServices(rows: readonly ServiceRow[]): PublicServiceView[] {
  return rows
    .filter((row) => row.isActive)
    .map((row) => ({
      serviceId: row.serviceId,
      slug: row.serviceSlug,
      name: row.serviceName,
      categorySlug: row.categorySlug,
      categoryName: row.categoryName,
      lessonTypes: row.lessonTypes,
      rates: row.rates.map((rate) => ({ ...rate, hourlyRateCents: hourlyEquivalentCents(rate.rateCents, rate.durationMinutes) })),
    }));
}

/**
 * What students see (PRODUCT.md §2): published AND approved instructors only; anything else is
 * "not found", drafts included. The exact studio address and point never leave this service.
 */
export class InstructorDirectoryService {
  constructor(
    private readonly deps: {
      repository: InstructorsRepository;
      storage: StoragePort;
      jitter: StudioJitter;
      serviceAreas?: ServiceAreasReader;
    },
  ) {}

  async get(instructorId: string): Promise<PublicInstructorView> {
    const { repository, storage, jitter, serviceAreas } = this.deps;
    const profile = await repository.findPublicProfile(instructorId);
    if (!profile) throw notFound('Instructor');
    const [services, photo, neighborhoodsServed] = await Promise.all([
      repository.listServices([instructorId]),
      photoUrls(storage, profile.photoKey),
      profile.travelsToStudents && serviceAreas ? serviceAreas.neighborhoodsServedBy(instructorId) : Promise.resolve([]),
    ]);
    const studio =
      profile.teachesAtStudio && profile.studioLat !== null && profile.studioLng !== null
        ? { approximateLocation: jitter(profile.userId, profile.studioLat, profile.studioLng), radiusMeters: JITTER_MAX_METERS }
        : null;
    return {
      id: profile.userId,
      name: profile.displayName,
      headline: profile.headline,
      bio: profile.bio,
      photo,
      yearsExperience: profile.yearsExperience,
      languages: profile.languages,
      ageGroups: profile.ageGroups,
      levels: profile.levels,
      isFounding: profile.isFounding,
      location: {
        travelsToStudents: profile.travelsToStudents,
        teachesAtStudio: profile.teachesAtStudio,
        teachesOnline: profile.teachesOnline,
        studio,
        neighborhoodsServed,
      },
      services: publicServices(services),
    };
  }

  /** Newest approval first: new instructors get seen; search (elsewhere) ranks by relevance. */
  async list(query: { limit: number; cursor?: string }): Promise<{ items: PublicInstructorSummary[]; nextCursor: string | null }> {
    const { repository, storage } = this.deps;
    const after = query.cursor ? decodeCursor(query.cursor, directoryCursor) : undefined;
    const rows = await repository.listPublicProfiles({
      after: after ? { approvedAt: new Date(String(after[0])), userId: String(after[1]) } : undefined,
      limit: query.limit + 1,
    });
    const page = toPage(rows, query.limit, (row) => [row.approvedAt!.toISOString(), row.userId]);
    const services = servicesByInstructor(await repository.listServices(page.items.map((row) => row.userId)));
    const items = await Promise.all(
      page.items.map(async (row) => ({
        id: row.userId,
        name: row.displayName,
        headline: row.headline,
        photo: await photoUrls(storage, row.photoKey),
        yearsExperience: row.yearsExperience,
        isFounding: row.isFounding,
        travelsToStudents: row.travelsToStudents,
        teachesAtStudio: row.teachesAtStudio,
        teachesOnline: row.teachesOnline,
        services: publicServices(services.get(row.userId) ?? [])
          .filter((service) => service.rates.length > 0)
          .map((service) => ({
            serviceId: service.serviceId,
            slug: service.slug,
            name: service.name,
            fromCents: Math.min(...service.rates.map((rate) => rate.rateCents)),
          })),
      })),
    );
    return { items, nextCursor: page.nextCursor };
  }
}
