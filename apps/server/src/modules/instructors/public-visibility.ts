import type { SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ProfileStatus } from './instructors.tables.ts';

/**
 * Students see, and may book, an instructor once the profile is published AND an admin approved
 * it (PRODUCT.md §2, §12). The one place this rule is written: in code for a loaded profile,
 * and as a query filter for reads (the partial index instructor_profiles_public_idx in
 * migration 0007 has the same condition).
 */
export function isPublicProfile(profile: { status: ProfileStatus; approvedAt: Date | null } | null | undefined): boolean {
  return profile?.status === 'published' && profile.approvedAt !== null;
}

/** Keeps only public profiles; use with `.$call(onlyPublicProfiles)` on a query from instructorProfiles. */
export function onlyPublicProfiles<O>(query: SelectQueryBuilder<DB, 'instructorProfiles', O>): SelectQueryBuilder<DB, 'instructorProfiles', O> {
  return query.where('instructorProfiles.status', '=', 'published').where('instructorProfiles.approvedAt', 'is not', null);
}
