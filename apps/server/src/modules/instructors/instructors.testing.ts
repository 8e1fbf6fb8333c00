import type { GeocodeResult, Geocoder } from '../../integrations/geocoding/geocoding.port.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { permissionsOf, type Role } from '../accounts/permissions.ts';

/** Test helpers for the instructors module (database tests and journeys); not used in production. */

export async function insertInstructorUser(db: Db, ids: IdGenerator, options: { name?: string; roles?: Role[] } = {}): Promise<string> {
  const id = ids();
  await db
    .insertInto('users')
    .values({
      id,
      email: `instructor-${id.toLowerCase()}@example.com`,
      name: options.name ?? 'Maria Lopez',
      passwordHash: 'not-a-real-hash',
      roles: options.roles ?? ['instructor'],
    })
    .execute();
  return id;
}

export function userPrincipal(userId: string, roles: Role[] = ['instructor']): Extract<Principal, { kind: 'user' }> {
  return { kind: 'user', userId, sessionId: 'SESSION', roles, permissions: permissionsOf(roles) };
}

/** A geocoder that knows a few addresses, counts its calls and can be told to fail. */
export function fakeGeocoder(known: Record<string, Omit<GeocodeResult, 'formattedAddress' | 'provider' | 'precision'> & Partial<GeocodeResult>>) {
  const calls: string[] = [];
  let failing = false;
  const geocoder: Geocoder = {
    name: 'fake',
    async geocode(address) {
      calls.push(address);
      if (failing) throw new Error('provider timeout');
      const match = known[address];
      return match ? { formattedAddress: address, provider: 'fake', precision: 'address', ...match } : null;
    },
  };
  return {
    geocoder,
    calls,
    fail(value = true) {
      failing = value;
    },
  };
}

/** Park Slope, Brooklyn: a studio address the fake geocoder knows. */
export const PARK_SLOPE_STUDIO = { address: '123 7th Ave, Brooklyn, NY 11215', lat: 40.6712, lng: -73.9772 };

/** A complete, publishable profile input (online only, so it needs no geocoding or service areas). */
export function completeProfileInput(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Maria Lopez',
    headline: 'Patient piano teacher for beginners',
    bio: 'I have taught piano in Park Slope for twelve years, mostly to kids taking their first lessons.',
    yearsExperience: 12,
    languages: ['en', 'es'],
    ageGroups: ['kids', 'teens'] as Array<'kids' | 'teens' | 'adults'>,
    levels: ['beginner'] as Array<'beginner' | 'intermediate' | 'advanced'>,
    location: { travelsToStudents: false, teachesAtStudio: false, teachesOnline: true, studioAddress: null as string | null },
    ...overrides,
  };
}
