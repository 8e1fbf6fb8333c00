import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haversineMetres as distanceMeters } from '../../apps/server/src/modules/geo/jitter.ts';
import type { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { anAdmin, anInstructor, aPublishedInstructor, aStudent, payoutsAndIdentityDone, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** A multipart/form-data body with one file part, as a browser's FormData would send it. */
function multipart(field: string, filename: string, contentType: string, bytes: Buffer) {
  const boundary = `----instainstru${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const PARK_SLOPE = { address: '123 7th Ave, Brooklyn, NY 11215', lat: 40.6712, lng: -73.9772 };

/** An instructor builds a profile, prices lessons, uploads a photo, publishes; an admin approves; students find them. */
describe('instructor profile journey', () => {
  let t: TestApp;
  let clock: ControllableClock;
  let instructor: { id: string; email: string; password: string; authorization: string };
  let pianoId: string;

  beforeAll(async () => {
    t = await createTestApp();
    clock = t.clock as ControllableClock;
    const user = await anInstructor(t, { name: 'Maria Lopez' });
    instructor = { ...user, authorization: (await signIn(t, user)).authorization };
    pianoId = (await t.database.db.selectFrom('services').select('id').where('slug', '=', 'piano').executeTakeFirstOrThrow()).id;
    // Explicit: the root hookTimeout does not reach the Vitest projects, and loading the template takes seconds.
  }, 120_000);
  afterAll(() => t.close());

  const asInstructor = (options: { method: 'GET' | 'PUT' | 'POST'; url: string; payload?: unknown; headers?: Record<string, string> }) =>
    t.app.inject({ ...options, payload: options.payload as string, headers: { authorization: instructor.authorization, ...options.headers } });

  const profile = {
    name: 'Maria Lopez',
    headline: 'Patient piano teacher for beginners',
    bio: 'I have taught piano in Park Slope for twelve years, mostly to kids taking their very first lessons.',
    yearsExperience: 12,
    languages: ['en', 'es'],
    ageGroups: ['kids', 'teens'],
    levels: ['beginner', 'intermediate'],
    location: { travelsToStudents: true, teachesAtStudio: false, teachesOnline: true, studioAddress: null },
  };

  it('is only for instructors', async () => {
    const student = await signIn(t, await aStudent(t));
    const forbidden = await t.app.inject({ method: 'GET', url: '/api/v1/me/instructor-profile', headers: { authorization: student.authorization } });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/instructor-profile' })).statusCode).toBe(401);
  });

  it('starts from an unsaved draft with the checklist', async () => {
    const response = await asInstructor({ method: 'GET', url: '/api/v1/me/instructor-profile' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ exists: false, status: 'draft', name: 'Maria Lopez', canPublish: false, isPublic: false });
    expect(body.checklist.map((item: { item: string; status: string; required: boolean }) => [item.item, item.status, item.required])).toEqual([
      ['profile_complete', 'not_started', true],
      ['services', 'not_started', true],
      ['availability', 'incomplete', true],
      ['service_areas', 'not_started', false],
      ['payouts', 'not_started', true],
      ['identity', 'not_started', true],
      ['background_check', 'not_started', false],
      ['approval', 'pending', false],
    ]);
  });

  it('refuses invalid fields with one error per field', async () => {
    const response = await asInstructor({
      method: 'PUT',
      url: '/api/v1/me/instructor-profile',
      payload: { ...profile, name: ' ', yearsExperience: 81, ageGroups: ['toddlers'], location: { ...profile.location, teachesOnline: 'yes' } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'body.ageGroups.0',
      'body.location.teachesOnline',
      'body.name',
      'body.yearsExperience',
    ]);
    const language = await asInstructor({ method: 'PUT', url: '/api/v1/me/instructor-profile', payload: { ...profile, languages: ['en', 'klingon'] } });
    expect(language.statusCode).toBe(400);
    expect(language.json().errors).toEqual([{ field: 'body.languages.1', reason: 'is not a language code we know (use ISO 639 codes such as "en", "es" or "yue")' }]);
  });

  it('saves the profile; the checklist still wants a photo and services', async () => {
    const response = await asInstructor({ method: 'PUT', url: '/api/v1/me/instructor-profile', payload: profile });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ exists: true, headline: profile.headline, languages: ['en', 'es'], location: { ...profile.location, studioLocation: null } });
    expect(body.checklist[0]).toMatchObject({ item: 'profile_complete', status: 'incomplete', detail: 'Still needed: a photo.' });
    const publish = await asInstructor({ method: 'POST', url: '/api/v1/me/instructor-profile/publish' });
    expect(publish.statusCode).toBe(409);
    expect(publish.json().detail).toMatch(
      /^Your profile is not ready to publish yet\. Still needed: a photo\. Add at least one service with a price for each lesson length you offer\./,
    );
    expect(publish.json().checklist.map((item: { item: string }) => item.item)).toEqual(['profile_complete', 'services', 'availability', 'service_areas', 'payouts', 'identity']);
  });

  it('sets weekly availability and the neighborhoods served, which the checklist then counts', async () => {
    const template = await asInstructor({
      method: 'PUT',
      url: '/api/v1/me/availability/template',
      payload: { days: { monday: '0000000000000000FFFFF000', tuesday: '0'.repeat(24), wednesday: '0000000000000000FFFFF000', thursday: '0'.repeat(24), friday: '0'.repeat(24), saturday: '000000000FFFF00000000000', sunday: '0'.repeat(24) } },
    });
    expect(template.statusCode).toBe(200);
    const apply = await asInstructor({ method: 'POST', url: '/api/v1/me/availability/template/apply', payload: { fromWeek: '2026-11-23', weeks: 8 } });
    expect(apply.statusCode).toBe(200);
    const areas = await asInstructor({ method: 'PUT', url: '/api/v1/me/instructor-profile/service-areas', payload: { neighborhoodCodes: ['BK0602'] } });
    expect(areas.statusCode).toBe(200);
    expect(areas.json().neighborhoods).toEqual([{ code: 'BK0602', name: 'Park Slope', borough: 'Brooklyn' }]);
    const checklist = (await asInstructor({ method: 'GET', url: '/api/v1/me/instructor-profile' })).json().checklist as Array<{ item: string; status: string }>;
    expect(checklist.find((item) => item.item === 'availability')?.status).toBe('complete');
    expect(checklist.find((item) => item.item === 'service_areas')?.status).toBe('complete');
  });

  it('refuses a price under the floor with a message that names it', async () => {
    const response = await asInstructor({
      method: 'PUT',
      url: '/api/v1/me/instructor-profile/services',
      payload: { services: [{ serviceId: pianoId, lessonTypes: ['student_location', 'online'], rates: [{ durationMinutes: 45, rateCents: 5_000 }] }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toBe('A 45-minute lesson must cost at least $60.00 in person (the Music floor is $80/hour)');
    expect(response.json().errors).toEqual([
      { field: 'body.services.0.rates.0.rateCents', reason: 'A 45-minute lesson must cost at least $60.00 in person (the Music floor is $80/hour)' },
    ]);
    const shape = await asInstructor({
      method: 'PUT',
      url: '/api/v1/me/instructor-profile/services',
      payload: { services: [{ serviceId: pianoId, lessonTypes: ['teleport'], rates: [{ durationMinutes: 50, rateCents: 9_000 }] }] },
    });
    expect(shape.json().errors.map((error: { field: string }) => error.field).sort()).toEqual(['body.services.0.lessonTypes.0', 'body.services.0.rates.0.durationMinutes']);
  });

  it('prices services at or above the floors', async () => {
    const response = await asInstructor({
      method: 'PUT',
      url: '/api/v1/me/instructor-profile/services',
      payload: {
        services: [
          {
            serviceId: pianoId,
            lessonTypes: ['online', 'student_location'],
            rates: [
              { durationMinutes: 45, rateCents: 6_000 },
              { durationMinutes: 30, rateCents: 4_000 },
            ],
          },
        ],
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().services).toEqual([
      expect.objectContaining({
        serviceSlug: 'piano',
        lessonTypes: ['student_location', 'online'],
        rates: [
          { durationMinutes: 30, rateCents: 4_000 },
          { durationMinutes: 45, rateCents: 6_000 },
        ],
        floors: { inPersonCentsPerHour: 8_000, onlineCentsPerHour: 6_000 },
      }),
    ]);
    expect(response.json().checklist[1]).toMatchObject({ item: 'services', status: 'complete' });
  });

  it('refuses a file that is not really an image, and one over 10 MB', async () => {
    const fake = multipart('photo', 'me.jpg', 'image/jpeg', Buffer.from('<html><script>alert(1)</script></html>'));
    const refused = await asInstructor({ method: 'POST', url: '/api/v1/me/instructor-profile/photo', ...fake });
    expect(refused.statusCode, refused.body).toBe(415);
    expect(refused.json().detail).toBe('This file is not an image we can read. Upload a JPEG, PNG or WebP photo.');
    const huge = multipart('photo', 'big.jpg', 'image/jpeg', Buffer.alloc(10 * 1024 * 1024 + 1, 0xff));
    const tooLarge = await asInstructor({ method: 'POST', url: '/api/v1/me/instructor-profile/photo', ...huge });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().detail).toBe('The photo is larger than 10 MB; photos can be at most 10 MB.');
    const json = await asInstructor({ method: 'POST', url: '/api/v1/me/instructor-profile/photo', payload: { photo: 'x' } });
    expect(json.statusCode).toBe(415);
    const wrongField = await asInstructor({ method: 'POST', url: '/api/v1/me/instructor-profile/photo', ...multipart('avatar', 'a.jpg', 'image/jpeg', Buffer.from('x')) });
    expect(wrongField.statusCode).toBe(400);
  });

  it('accepts photos well above the 1 MB limit of JSON bodies', async () => {
    const noise = Buffer.alloc(1200 * 1200 * 3);
    for (let index = 0; index < noise.length; index += 1) noise[index] = (index * 2654435761) >>> 24;
    const big = await sharp(noise, { raw: { width: 1200, height: 1200, channels: 3 } }).jpeg({ quality: 100 }).toBuffer();
    expect(big.length).toBeGreaterThan(1.5 * 1024 * 1024);
    const response = await asInstructor({ method: 'POST', url: '/api/v1/me/instructor-profile/photo', ...multipart('photo', 'big.jpg', 'image/jpeg', big) });
    expect(response.statusCode, response.body).toBe(200);
  });

  it('uploads a photo, served in three sizes through signed links', async () => {
    const jpeg = await sharp({ create: { width: 1000, height: 700, channels: 3, background: '#3a6' } }).jpeg().toBuffer();
    const response = await asInstructor({ method: 'POST', url: '/api/v1/me/instructor-profile/photo', ...multipart('photo', 'portrait.jpg', 'image/jpeg', jpeg) });
    expect(response.statusCode).toBe(200);
    const { photo, checklist, canPublish } = response.json();
    expect(checklist[0]).toMatchObject({ item: 'profile_complete', status: 'complete' });
    // Everything the profile steps give is there; payouts and identity are still to do.
    expect(canPublish).toBe(false);
    expect(checklist.filter((item: { required: boolean; status: string }) => item.required && item.status !== 'complete').map((item: { item: string }) => item.item)).toEqual(['payouts', 'identity']);

    const large = new URL(photo.large);
    const served = await t.app.inject({ method: 'GET', url: large.pathname + large.search });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect(served.headers['cache-control']).toMatch(/^public, max-age=\d+, immutable$/);
    expect(await sharp(served.rawPayload).metadata()).toMatchObject({ format: 'webp', width: 700, height: 700 });

    const tampered = await t.app.inject({ method: 'GET', url: large.pathname.replace('800.webp', '96.webp') + large.search });
    expect(tampered.statusCode).toBe(403);
    const traversal = await t.app.inject({ method: 'GET', url: `/api/v1/media/..%2F..%2Fetc%2Fpasswd${large.search}` });
    expect(traversal.statusCode).toBe(404);
    clock.advance(25 * 60 * 60_000);
    expect((await t.app.inject({ method: 'GET', url: large.pathname + large.search })).statusCode).toBe(403);
    // A day later the access token has expired too.
    instructor.authorization = (await signIn(t, instructor)).authorization;
  });

  it('publishes once payouts and identity are done; students see the profile only once an admin approves it', async () => {
    const early = await asInstructor({ method: 'POST', url: '/api/v1/me/instructor-profile/publish' });
    expect(early.statusCode).toBe(409);
    expect(early.json().checklist.map((item: { item: string }) => item.item)).toEqual(['payouts', 'identity']);
    // payouts.test.ts goes through Stripe's pages and webhooks; here their outcome is written directly.
    await payoutsAndIdentityDone(t, instructor.id);
    const publish = await asInstructor({ method: 'POST', url: '/api/v1/me/instructor-profile/publish' });
    expect(publish.statusCode).toBe(200);
    expect(publish.json()).toMatchObject({ status: 'published', isPublic: false });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/instructors/${instructor.id}` })).statusCode).toBe(404);
    const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/instructors' })).json();
    expect(listed.items.map((item: { id: string }) => item.id)).not.toContain(instructor.id);

    const admin = await signIn(t, await anAdmin(t));
    const byInstructor = await asInstructor({ method: 'POST', url: `/api/v1/admin/instructors/${instructor.id}/approve` });
    expect(byInstructor.statusCode).toBe(403);
    const approve = await t.app.inject({ method: 'POST', url: `/api/v1/admin/instructors/${instructor.id}/approve`, headers: { authorization: admin.authorization } });
    expect(approve.statusCode).toBe(200);
    expect(approve.json()).toMatchObject({ instructorId: instructor.id, isFounding: true, foundingNumber: 1 });

    const page = await t.app.inject({ method: 'GET', url: `/api/v1/instructors/${instructor.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({
      id: instructor.id,
      name: 'Maria Lopez',
      isFounding: true,
      languages: ['en', 'es'],
      ageGroups: ['kids', 'teens'],
      levels: ['beginner', 'intermediate'],
      location: { travelsToStudents: true, teachesAtStudio: false, teachesOnline: true, studio: null, neighborhoodsServed: [{ code: 'BK0602', name: 'Park Slope', borough: 'Brooklyn' }] },
      services: [
        {
          slug: 'piano',
          name: 'Piano',
          lessonTypes: ['student_location', 'online'],
          rates: [
            { durationMinutes: 30, rateCents: 4_000, hourlyRateCents: 8_000 },
            { durationMinutes: 45, rateCents: 6_000, hourlyRateCents: 8_000 },
          ],
        },
      ],
    });
    expect(page.json().photo.small).toContain('/96.webp?expires=');
    expect((await asInstructor({ method: 'GET', url: '/api/v1/me/instructor-profile' })).json()).toMatchObject({ isPublic: true, foundingNumber: 1 });
  });

  it('shows a studio only as a jittered point, never the address', async () => {
    const studioOwner = await aPublishedInstructor(t, { studio: PARK_SLOPE });
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/instructors/${studioOwner.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('7th Ave');
    const { studio } = response.json().location;
    expect(studio.radiusMeters).toBe(400);
    expect(studio.approximateLocation).not.toEqual({ lat: PARK_SLOPE.lat, lng: PARK_SLOPE.lng });
    const offset = distanceMeters(PARK_SLOPE, studio.approximateLocation);
    expect(offset).toBeGreaterThan(190);
    expect(offset).toBeLessThan(410);
    // Stable: the same point on every read.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/instructors/${studioOwner.id}` })).json().location.studio).toEqual(studio);
  });

  it('hides drafts and unapproved profiles', async () => {
    const draft = await aPublishedInstructor(t, { status: 'draft' });
    const unapproved = await aPublishedInstructor(t, { approved: false });
    for (const id of [draft.id, unapproved.id]) {
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/instructors/${id}` })).statusCode).toBe(404);
    }
    const everyone = (await t.app.inject({ method: 'GET', url: '/api/v1/instructors?limit=100' })).json();
    expect(everyone.items.map((item: { id: string }) => item.id)).not.toEqual(expect.arrayContaining([draft.id]));
    expect(everyone.items.map((item: { id: string }) => item.id)).not.toEqual(expect.arrayContaining([unapproved.id]));
  });

  it('lists published instructors newest approval first, page by page', async () => {
    const made: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      clock.advance(60_000);
      made.push((await aPublishedInstructor(t, { services: [{ slug: 'guitar', rates: [{ durationMinutes: 30, rateCents: 3_500 }, { durationMinutes: 60, rateCents: 6_500 }] }] })).id);
    }
    const first = await t.app.inject({ method: 'GET', url: '/api/v1/instructors?limit=2' });
    expect(first.statusCode).toBe(200);
    const firstPage = first.json();
    expect(firstPage.items.map((item: { id: string }) => item.id)).toEqual([made[2], made[1]]);
    expect(firstPage.items[0]).toMatchObject({ teachesOnline: true, services: [{ slug: 'guitar', fromCents: 3_500 }] });
    expect(firstPage.nextCursor).toEqual(expect.any(String));
    const rest: string[] = [];
    let cursor: string | null = firstPage.nextCursor;
    while (cursor) {
      const page = (await t.app.inject({ method: 'GET', url: `/api/v1/instructors?limit=2&cursor=${cursor}` })).json();
      rest.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.nextCursor;
    }
    expect(rest[0]).toBe(made[0]);
    expect(new Set([...firstPage.items.map((item: { id: string }) => item.id), ...rest]).size).toBe(2 + rest.length);
    expect(rest).toContain(instructor.id);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/instructors?cursor=nonsense' })).statusCode).toBe(400);
  });

  it('keeps a published profile complete and lets the instructor unpublish', async () => {
    const breaking = await asInstructor({ method: 'PUT', url: '/api/v1/me/instructor-profile', payload: { ...profile, bio: 'Short.' } });
    expect(breaking.statusCode).toBe(409);
    const unpublish = await asInstructor({ method: 'POST', url: '/api/v1/me/instructor-profile/unpublish' });
    expect(unpublish.json()).toMatchObject({ status: 'draft', isPublic: false, approvedAt: expect.any(String) });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/instructors/${instructor.id}` })).statusCode).toBe(404);
  });
});
