import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKind } from '../../../../../test/support/test-database.ts';
import { MemoryStorage } from '../../integrations/storage/memory.ts';
import { UrlSigner } from '../../integrations/storage/url-signer.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { permissionsOf } from '../accounts/permissions.ts';
import { createInstructorsModule } from './instructors.module.ts';
import { ResponseCache } from '../../platform/http/response-cache.ts';
import { MemoryPubSub } from '../../platform/pubsub/pubsub.memory.ts';
import { completeProfileInput, fakeGeocoder, insertInstructorUser, PARK_SLOPE_STUDIO, userPrincipal } from './instructors.testing.ts';
import { createStudioJitter, deriveJitterKey, haversineMetres as distanceMeters } from '../geo/jitter.ts';

/**
 * The instructors module on a real database: profiles with PostGIS points, services and rates,
 * the checklist with stubbed signals, publishing, approval and the founding-number race.
 */
describe('instructors module (database)', () => {
  let database: Database;
  let module: ReturnType<typeof createInstructorsModule>;
  let storage: MemoryStorage;
  let availability = true;
  let serviceAreas = false;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const ids = createIdGenerator(clock);
  const geo = fakeGeocoder({
    [PARK_SLOPE_STUDIO.address]: { lat: PARK_SLOPE_STUDIO.lat, lng: PARK_SLOPE_STUDIO.lng },
    '1 Market St, Philadelphia, PA': { lat: 39.9526, lng: -75.1652, formattedAddress: '1 Market St, Philadelphia, PA 19106' },
  });
  const admin = userPrincipal('01JAAAAAAAAAAAAAAAAAAAAAAA', ['admin']);
  let pianoId: string;
  let satId: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    storage = new MemoryStorage({ signer: UrlSigner.fromSecret('test', clock), baseUrl: 'http://localhost:3000' });
    module = createInstructorsModule({
      db: database.db,
      clock,
      ids,
      storage,
      geocoder: geo.geocoder,
      jitter: createStudioJitter(deriveJitterKey(Buffer.alloc(32, 9).toString('base64'))),
      availability: { hasUpcomingAvailability: async () => availability },
      serviceAreas: { hasServiceAreas: async () => serviceAreas },
      neighborhoods: { neighborhoodsServedBy: async () => [{ code: 'BK0602', name: 'Park Slope', borough: 'Brooklyn' }] },
      responses: new ResponseCache({ clock, pubsub: new MemoryPubSub() }),
    });
    const services = await database.db.selectFrom('services').select(['id', 'slug']).where('slug', 'in', ['piano', 'sat']).execute();
    pianoId = services.find((service) => service.slug === 'piano')!.id;
    satId = services.find((service) => service.slug === 'sat')!.id;
    await database.db.insertInto('users').values({ id: admin.userId, email: 'admin@example.com', name: 'Admin', passwordHash: 'x', roles: ['admin'] }).execute();
  }, 120_000);
  afterAll(() => database.close());
  beforeEach(() => {
    availability = true;
    serviceAreas = false;
    geo.fail(false);
  });

  const photo = () => sharp({ create: { width: 400, height: 400, channels: 3, background: '#246' } }).jpeg().toBuffer();
  const onlinePiano = { serviceId: '', lessonTypes: ['online' as const], rates: [{ durationMinutes: 60 as const, rateCents: 7_000 }] };

  async function readyInstructor(): Promise<{ id: string; principal: Principal }> {
    const id = await insertInstructorUser(database.db, ids);
    const principal = userPrincipal(id);
    await module.profiles.update(principal, completeProfileInput());
    await module.photos.upload(principal, await photo());
    await module.services.replace(principal, { services: [{ ...onlinePiano, serviceId: pianoId }] });
    return { id, principal };
  }

  async function publishedInstructor() {
    const instructor = await readyInstructor();
    await module.profiles.publish(instructor.principal);
    return instructor;
  }

  async function refusal(promise: Promise<unknown>): Promise<DomainError> {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  describe('profile', () => {
    it('starts as an unsaved draft named after the account', async () => {
      const id = await insertInstructorUser(database.db, ids, { name: 'Sam Park' });
      const view = await module.profiles.get(userPrincipal(id));
      expect(view).toMatchObject({ exists: false, status: 'draft', name: 'Sam Park', canPublish: false, isPublic: false, photo: null, services: [] });
      expect(view.checklist.find((item) => item.item === 'profile_complete')?.status).toBe('not_started');
    });

    it('saves a studio geocoded once, normalises languages and vocabulary order', async () => {
      const id = await insertInstructorUser(database.db, ids);
      const principal = userPrincipal(id);
      const before = geo.calls.length;
      const view = await module.profiles.update(
        principal,
        completeProfileInput({
          languages: ['EN', 'iw', 'en'],
          ageGroups: ['adults', 'kids'],
          location: { travelsToStudents: false, teachesAtStudio: true, teachesOnline: false, studioAddress: ` ${PARK_SLOPE_STUDIO.address} ` },
        }),
      );
      expect(view.languages).toEqual(['en', 'he']);
      expect(view.ageGroups).toEqual(['kids', 'adults']);
      expect(view.location).toEqual({
        travelsToStudents: false,
        teachesAtStudio: true,
        teachesOnline: false,
        studioAddress: PARK_SLOPE_STUDIO.address,
        studioLocation: { lat: PARK_SLOPE_STUDIO.lat, lng: PARK_SLOPE_STUDIO.lng },
      });
      // Saving again with the same address reuses the point.
      await module.profiles.update(principal, completeProfileInput({ headline: 'Changed', location: view.location }));
      expect(geo.calls.length).toBe(before + 1);
    });

    it('reports unknown languages, a missing, unfindable or out-of-town studio at their fields', async () => {
      const principal = userPrincipal(await insertInstructorUser(database.db, ids));
      const missing = await refusal(
        module.profiles.update(principal, completeProfileInput({ languages: ['en', 'xx'], location: { travelsToStudents: false, teachesAtStudio: true, teachesOnline: false, studioAddress: '  ' } })),
      );
      expect(missing.code).toBe('validation_failed');
      expect(missing.details.errors).toEqual([
        { field: 'body.languages.1', reason: 'is not a language code we know (use ISO 639 codes such as "en", "es" or "yue")' },
        { field: 'body.location.studioAddress', reason: 'is required when you teach at your studio' },
      ]);
      const studio = (studioAddress: string) => completeProfileInput({ location: { travelsToStudents: false, teachesAtStudio: true, teachesOnline: false, studioAddress } });
      expect((await refusal(module.profiles.update(principal, studio('Nowhere 1')))).details.errors).toEqual([
        { field: 'body.location.studioAddress', reason: 'could not be found; check the street, number and ZIP code' },
      ]);
      expect((await refusal(module.profiles.update(principal, studio('1 Market St, Philadelphia, PA')))).message).toBe(
        'is outside New York City (we found 1 Market St, Philadelphia, PA 19106); studios must be in NYC for now',
      );
      geo.fail();
      const down = await refusal(module.profiles.update(principal, studio(PARK_SLOPE_STUDIO.address)));
      expect(down.code).toBe('service_unavailable');
      expect((await module.profiles.get(principal)).exists).toBe(false);
    });

    it('enforces the studio invariant in the database too', async () => {
      const id = await insertInstructorUser(database.db, ids);
      await expect(
        database.db.insertInto('instructorProfiles').values({ userId: id, displayName: 'X', teachesAtStudio: true }).execute(),
      ).rejects.toThrow(/check constraint/);
    });

    it('refuses callers without the instructor permission', async () => {
      const student = userPrincipal(await insertInstructorUser(database.db, ids, { roles: ['student'] }), ['student']);
      expect((await refusal(module.profiles.get(student))).code).toBe('forbidden');
      expect((await refusal(module.profiles.get(null))).code).toBe('unauthenticated');
    });
  });

  describe('services', () => {
    it('stores lesson types and rates and reads them back with the floors', async () => {
      const { principal } = await readyInstructor();
      const view = await module.services.replace(principal, {
        services: [
          { serviceId: satId, lessonTypes: ['online'], rates: [{ durationMinutes: 90, rateCents: 11_250 }, { durationMinutes: 60, rateCents: 7_500 }] },
          { serviceId: pianoId, lessonTypes: ['online'], rates: [{ durationMinutes: 30, rateCents: 3_000 }] },
        ],
      });
      expect(view.services.map((service) => [service.serviceSlug, service.rates])).toEqual([
        ['piano', [{ durationMinutes: 30, rateCents: 3_000 }]],
        ['sat', [{ durationMinutes: 60, rateCents: 7_500 }, { durationMinutes: 90, rateCents: 11_250 }]],
      ]);
      expect(view.services[1]!.floors).toEqual({ inPersonCentsPerHour: 9_500, onlineCentsPerHour: 7_500 });
    });

    it('refuses a price below the floor with the clear message, and lesson types the location settings do not allow', async () => {
      const { principal } = await readyInstructor();
      const error = await refusal(
        module.services.replace(principal, {
          services: [{ serviceId: pianoId, lessonTypes: ['online', 'student_location'], rates: [{ durationMinutes: 45, rateCents: 5_000 }] }],
        }),
      );
      expect(error.details.errors).toEqual([
        { field: 'body.services.0.lessonTypes.1', reason: "Piano: lessons at the student's place need the matching location setting: you don't travel to students" },
        { field: 'body.services.0.rates.0.rateCents', reason: 'A 45-minute lesson must cost at least $60.00 in person (the Music floor is $80/hour)' },
      ]);
      const unknown = await refusal(module.services.replace(principal, { services: [{ ...onlinePiano, serviceId: '01JZZZZZZZZZZZZZZZZZZZZZZZ' }] }));
      expect(unknown.details.errors).toEqual([{ field: 'body.services.0.serviceId', reason: 'is not a service in the catalog' }]);
      const twice = await refusal(module.services.replace(principal, { services: [{ ...onlinePiano, serviceId: pianoId }, { ...onlinePiano, serviceId: pianoId }] }));
      expect(twice.details.errors).toEqual([{ field: 'body.services.1.serviceId', reason: 'Piano is listed twice' }]);
    });
  });

  describe('photo', () => {
    it('stores three sizes under a fresh prefix and removes the previous photo', async () => {
      const { id, principal } = await readyInstructor();
      const first = (await database.db.selectFrom('instructorProfiles').select('photoKey').where('userId', '=', id).executeTakeFirstOrThrow()).photoKey!;
      expect(storage.keys().filter((key) => key.startsWith(first))).toEqual([`${first}/320.webp`, `${first}/800.webp`, `${first}/96.webp`]);
      const view = await module.photos.upload(principal, await photo());
      const second = (await database.db.selectFrom('instructorProfiles').select('photoKey').where('userId', '=', id).executeTakeFirstOrThrow()).photoKey!;
      expect(second).not.toBe(first);
      expect(storage.keys().filter((key) => key.startsWith(first))).toEqual([]);
      expect(view.photo!.small).toContain(`/api/v1/media/${second}/96.webp?expires=`);
    });

    it('stores nothing for a refused file', async () => {
      const principal = userPrincipal(await insertInstructorUser(database.db, ids));
      const before = storage.keys().length;
      expect((await refusal(module.photos.upload(principal, Buffer.from('plain text, not a photo')))).code).toBe('unsupported_media_type');
      expect(storage.keys().length).toBe(before);
    });
  });

  describe('checklist and publishing', () => {
    it('refuses to publish until every required item is complete, naming what is missing', async () => {
      const id = await insertInstructorUser(database.db, ids);
      const principal = userPrincipal(id);
      await module.profiles.update(principal, completeProfileInput({ bio: 'Too short.' }));
      const error = await refusal(module.profiles.publish(principal));
      expect(error.code).toBe('conflict');
      expect(error.message).toContain('a bio of at least 50 characters (yours has 10); a photo.');
      expect((error.details.checklist as Array<{ item: string }>).map((item) => item.item)).toEqual(['profile_complete', 'services']);
    });

    it('waits for availability, and for service areas when travelling', async () => {
      const { principal } = await readyInstructor();
      availability = false;
      expect((await module.profiles.get(principal)).canPublish).toBe(false);
      expect((await refusal(module.profiles.publish(principal))).message).toContain('Open some upcoming time in your calendar.');
      availability = true;
      await module.profiles.update(principal, completeProfileInput({ location: { travelsToStudents: true, teachesAtStudio: false, teachesOnline: true, studioAddress: null } }));
      expect((await refusal(module.profiles.publish(principal))).message).toContain('Choose the neighborhoods you travel to.');
      serviceAreas = true;
      const view = await module.profiles.publish(principal);
      expect(view).toMatchObject({ status: 'published', publishedAt: '2026-11-23T15:00:00.000Z', isPublic: false });
    });

    it('keeps a published profile complete: breaking edits are refused, unpublishing is allowed', async () => {
      const { principal } = await publishedInstructor();
      const edit = await refusal(module.profiles.update(principal, completeProfileInput({ bio: 'short' })));
      expect(edit.code).toBe('conflict');
      expect(edit.message).toMatch(/^Your profile is published, and this change would leave it incomplete: Still needed: a bio/);
      expect((await refusal(module.services.replace(principal, { services: [] }))).code).toBe('conflict');
      expect((await module.profiles.update(principal, completeProfileInput({ headline: 'Still complete' }))).headline).toBe('Still complete');
      expect((await module.profiles.unpublish(principal)).status).toBe('draft');
      expect((await module.services.replace(principal, { services: [] })).services).toEqual([]);
    });
  });

  describe('approval and the public directory', () => {
    it('approves published profiles once, refusing drafts and unknown ids', async () => {
      const draft = await readyInstructor();
      expect((await refusal(module.approval.approve(admin, draft.id))).code).toBe('conflict');
      expect((await refusal(module.approval.approve(admin, '01JZZZZZZZZZZZZZZZZZZZZZZZ'))).code).toBe('not_found');
      expect((await refusal(module.approval.approve(userPrincipal(draft.id), draft.id))).code).toBe('forbidden');
      const { id } = await publishedInstructor();
      const first = await module.approval.approve(admin, id);
      clock.advance(60_000);
      expect(await module.approval.approve(admin, id)).toEqual(first);
      expect(first).toMatchObject({ instructorId: id, approvedAt: '2026-11-23T15:00:00.000Z' });
    });

    it('records a machine client as the approver', async () => {
      const { id } = await publishedInstructor();
      await module.approval.approve({ kind: 'machine', clientId: 'admin-assistant', permissions: permissionsOf(['admin']) }, id);
      const row = await database.db.selectFrom('instructorProfiles').select(['approvedBy', 'approvedByClient']).where('userId', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ approvedBy: null, approvedByClient: 'admin-assistant' });
    });

    it('shows only published and approved profiles, with a jittered studio and never the address', async () => {
      const { id, principal } = await readyInstructor();
      await module.profiles.update(principal, completeProfileInput({ location: { travelsToStudents: true, teachesAtStudio: true, teachesOnline: true, studioAddress: PARK_SLOPE_STUDIO.address } }));
      serviceAreas = true;
      await expect(module.directory.get(id)).rejects.toMatchObject({ code: 'not_found' });
      await module.profiles.publish(principal);
      await expect(module.directory.get(id)).rejects.toMatchObject({ code: 'not_found' });
      await module.approval.approve(admin, id);
      const view = await module.directory.get(id);
      expect(JSON.stringify(view)).not.toContain('7th Ave');
      const point = view.location.studio!.approximateLocation;
      expect(point).not.toEqual({ lat: PARK_SLOPE_STUDIO.lat, lng: PARK_SLOPE_STUDIO.lng });
      expect(distanceMeters(PARK_SLOPE_STUDIO, point)).toBeGreaterThan(190);
      expect(distanceMeters(PARK_SLOPE_STUDIO, point)).toBeLessThan(410);
      expect(view.location.neighborhoodsServed).toEqual([{ code: 'BK0602', name: 'Park Slope', borough: 'Brooklyn' }]);
      expect(view.services).toEqual([
        expect.objectContaining({ slug: 'piano', rates: [{ durationMinutes: 60, rateCents: 7_000, hourlyRateCents: 7_000 }] }),
      ]);
      expect(view.photo?.large).toMatch(/\/800\.webp\?expires=\d+&signature=[0-9a-f]{64}$/);
    });
  });

  describe('founding instructors', () => {
    it('numbers approvals in order', async () => {
      const { issued } = await database.db.selectFrom('foundingInstructorCounter').select('issued').executeTakeFirstOrThrow();
      const a = await publishedInstructor();
      const b = await publishedInstructor();
      expect(await module.approval.approve(admin, a.id)).toMatchObject({ isFounding: true, foundingNumber: issued + 1 });
      expect(await module.approval.approve(admin, b.id)).toMatchObject({ isFounding: true, foundingNumber: issued + 2 });
    });

    it(`gives exactly the last two numbers to five concurrent approvals at 98 on ${testDatabaseKind} (races only on PostgreSQL; PGlite serializes)`, async () => {
      // Numbers 1–98 are taken; the rows that hold them do not matter to the counter.
      await sql`update founding_instructor_counter set issued = 98`.execute(database.db);
      const instructors = [];
      for (let index = 0; index < 5; index += 1) instructors.push(await publishedInstructor());
      const results = await Promise.all(instructors.map(({ id }) => module.approval.approve(admin, id)));
      const founding = results.filter((result) => result.isFounding);
      expect(founding.map((result) => result.foundingNumber).sort((a, b) => a! - b!)).toEqual([99, 100]);
      expect(results.filter((result) => !result.isFounding).every((result) => result.foundingNumber === null)).toBe(true);
      const counter = await database.db.selectFrom('foundingInstructorCounter').select('issued').executeTakeFirstOrThrow();
      expect(counter.issued).toBe(100);
      // The 101st approval is an ordinary one.
      const late = await publishedInstructor();
      expect(await module.approval.approve(admin, late.id)).toMatchObject({ isFounding: false, foundingNumber: null });
    });

    it('cannot hand out a number twice or beyond 100, whatever the code does', async () => {
      const { id } = await publishedInstructor();
      await expect(sql`update instructor_profiles set approved_at = now(), is_founding = true, founding_number = 101 where user_id = ${id}`.execute(database.db)).rejects.toThrow(/check constraint/);
      await expect(sql`update founding_instructor_counter set issued = 101`.execute(database.db)).rejects.toThrow(/check constraint/);
    });
  });
});
