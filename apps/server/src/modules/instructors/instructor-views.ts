import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import { effectivePriceFloors, type PriceFloors } from '../catalog/catalog.policy.ts';
import type { ProfileFacts } from './onboarding.policy.ts';
import { PHOTO_SIZES, type PhotoSizeName } from './photo-processing.ts';
import type { ServiceOffer } from './pricing.policy.ts';
import type { LessonType } from './profile.policy.ts';
import type { ProfileRow, ServiceRow } from './instructors.repository.ts';

/**
 * Shapes shared by the instructor views: photo URLs, services with their rates, and the facts
 * the onboarding checklist reads, all from repository rows.
 */
export type PhotoUrls = Record<PhotoSizeName, string>;

/** The object key of one size of a photo whose objects share `prefix` (instructor_profiles.photo_key). */
export function photoObjectKey(prefix: string, size: PhotoSizeName): string {
  return `${prefix}/${PHOTO_SIZES[size]}.webp`;
}

export function photoObjectKeys(prefix: string): string[] {
  return (Object.keys(PHOTO_SIZES) as PhotoSizeName[]).map((size) => photoObjectKey(prefix, size));
}

export async function photoUrls(storage: StoragePort, prefix: string | null): Promise<PhotoUrls | null> {
  if (!prefix) return null;
  const [small, medium, large] = await Promise.all(
    (['small', 'medium', 'large'] as const).map((size) => storage.signedGetUrl(photoObjectKey(prefix, size))),
  );
  return { small: small!, medium: medium!, large: large! };
}

export function floorsOf(row: Pick<ServiceRow, 'priceFloorInPersonCents' | 'priceFloorOnlineCents'>): PriceFloors {
  return effectivePriceFloors({ priceFloorInPersonCents: row.priceFloorInPersonCents, priceFloorOnlineCents: row.priceFloorOnlineCents });
}

export function offerOf(row: ServiceRow): ServiceOffer {
  return {
    serviceName: row.serviceName,
    categoryName: row.categoryName,
    allowedDurations: row.durations,
    floors: floorsOf(row),
    lessonTypes: row.lessonTypes as LessonType[],
    rates: row.rates,
  };
}

export function profileFacts(profile: ProfileRow): ProfileFacts {
  return {
    name: profile.displayName,
    headline: profile.headline,
    bio: profile.bio,
    hasPhoto: profile.photoKey !== null,
    languages: profile.languages,
    ageGroups: profile.ageGroups,
    levels: profile.levels,
    travelsToStudents: profile.travelsToStudents,
    teachesAtStudio: profile.teachesAtStudio,
    teachesOnline: profile.teachesOnline,
    hasStudioAddress: profile.studioAddress !== null,
    approved: profile.approvedAt !== null,
  };
}

/** Groups service rows by instructor, keeping their order. */
export function servicesByInstructor(rows: readonly ServiceRow[]): Map<string, ServiceRow[]> {
  const grouped = new Map<string, ServiceRow[]>();
  for (const row of rows) {
    const list = grouped.get(row.instructorId) ?? [];
    list.push(row);
    grouped.set(row.instructorId, list);
  }
  return grouped;
}

export function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
