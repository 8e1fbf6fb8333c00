import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPublishedInstructor, aStudent, signIn, type BuiltUser } from '../../../../../test/support/builders.ts';
import { createTestApp, type TestApp } from '../../../../../test/support/test-app.ts';
import { sha256 } from '../../platform/crypto.ts';
import type { LessonType } from '../instructors/profile.policy.ts';
import type { BookingStatus } from '../bookings/booking-states.ts';
import { testDatabaseKind } from '../../../../../test/support/test-database.ts';

const DAY = 24 * 60 * 60_000;

/**
 * The calendar feed over HTTP on the real application (issue 11 item 12): the address made on
 * first read and kept, the feed parsed by a real iCalendar parser (ical.js), what each side
 * sees, rotation, and 404 for every token that is not a current one.
 */
describe(`calendar feeds on ${testDatabaseKind}`, () => {
  let t: TestApp;
  let student: BuiltUser;
  let otherStudent: BuiltUser;
  let instructor: BuiltUser;
  let onlineInstructor: BuiltUser;
  let serviceId: string;
  const booking: Record<string, string> = {};

  async function insertBooking(options: { student: BuiltUser; instructor: BuiltUser; startsIn: number; status: BookingStatus; locationType: LessonType; address?: string; rescheduleCount?: number }) {
    const id = t.ids();
    const startsAt = new Date(t.clock.nowMs() + options.startsIn);
    const now = t.clock.now();
    const cancelled = options.status.startsWith('cancelled');
    await t.database.db
      .insertInto('bookings')
      .values({
        id,
        studentId: options.student.id,
        instructorId: options.instructor.id,
        serviceId,
        durationMinutes: 60,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 60 * 60_000),
        bufferMinutes: 15,
        locationType: options.locationType,
        address: options.address ?? null,
        neighborhoodId: null,
        status: options.status,
        paymentState: options.status === 'pending_payment' ? 'awaiting_method' : 'scheduled',
        lessonCents: 8_000,
        bookingFeeCents: 960,
        totalCents: 8_960,
        paymentMethodId: 'pm_test',
        paymentId: null,
        paymentStep: null,
        paymentError: null,
        authorizedAt: null,
        originalStartsAt: startsAt,
        rescheduleCount: options.rescheduleCount ?? 0,
        holdExpiresAt: options.status === 'pending_payment' ? new Date(now.getTime() + 10 * 60_000) : null,
        idempotencyKey: null,
        requestFingerprint: null,
        cancelledAt: cancelled ? now : null,
        cancelledBy: cancelled ? (options.status === 'cancelled_by_student' ? 'student' : 'instructor') : null,
        cancellationReason: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    return id;
  }

  const authorization = async (user: BuiltUser) => (await signIn(t, user)).authorization;

  async function myFeed(user: BuiltUser) {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/me/calendar', headers: { authorization: await authorization(user) } });
    expect(response.statusCode).toBe(200);
    return response.json() as { url: string; webcalUrl: string; rotatedAt: string };
  }

  const pathOf = (url: string) => new URL(url).pathname;

  /** The feed's events by UID, read with ical.js. */
  async function readFeed(url: string) {
    const response = await t.app.inject({ method: 'GET', url: pathOf(url) });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const root = new ICAL.Component(ICAL.parse(response.body));
    expect(root.getFirstPropertyValue('version')).toBe('2.0');
    expect(root.getFirstPropertyValue('prodid')).toBe('-//InstaInstru//Lessons//EN');
    const events = root.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
    return new Map(events.map((event) => [event.uid, event]));
  }

  const uid = (id: string) => `booking-${id}@instainstru`;

  beforeAll(async () => {
    t = await createTestApp();
    serviceId = (await t.database.db.selectFrom('services').select('id').where('slug', '=', 'piano').executeTakeFirstOrThrow()).id;
    student = await aStudent(t, { name: 'Sam Rivera' });
    otherStudent = await aStudent(t, { name: 'Lee Park' });
    instructor = await aPublishedInstructor(t, { name: 'Ana María López', studio: { address: '5 Studio Lane, Brooklyn, NY', lat: 40.68, lng: -73.97 } });
    onlineInstructor = await aPublishedInstructor(t, { name: 'Bo Chen' });
    booking.studio = await insertBooking({ student, instructor, startsIn: 7 * DAY, status: 'confirmed', locationType: 'instructor_location' });
    booking.cancelled = await insertBooking({ student, instructor: onlineInstructor, startsIn: 8 * DAY, status: 'cancelled_by_instructor', locationType: 'online', rescheduleCount: 1 });
    booking.cancelledStudio = await insertBooking({ student, instructor, startsIn: 9 * DAY, status: 'cancelled_by_student', locationType: 'instructor_location' });
    booking.recent = await insertBooking({ student, instructor: onlineInstructor, startsIn: -30 * DAY, status: 'completed', locationType: 'online' });
    booking.old = await insertBooking({ student, instructor: onlineInstructor, startsIn: -100 * DAY, status: 'completed', locationType: 'online' });
    booking.hold = await insertBooking({ student, instructor: onlineInstructor, startsIn: 10 * DAY, status: 'pending_payment', locationType: 'online' });
    booking.home = await insertBooking({ student: otherStudent, instructor, startsIn: 11 * DAY, status: 'confirmed', locationType: 'student_location', address: '1 Home St, Queens, NY' });
  });
  afterAll(() => t.close());

  it('makes the address on first read, keeps it, and stores only its hash and a sealed copy', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/calendar' })).statusCode).toBe(401);
    const first = await myFeed(student);
    expect(first.url).toMatch(new RegExp(`^${t.config.PUBLIC_URL}/api/v1/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
    expect(first.webcalUrl).toBe(first.url.replace(/^https?:/, 'webcal:'));
    expect(await myFeed(student)).toEqual(first);
    const token = pathOf(first.url).split('/').pop()!.replace(/\.ics$/, '');
    const row = await t.database.db.selectFrom('calendarFeeds').selectAll().where('userId', '=', student.id).executeTakeFirstOrThrow();
    expect(row.tokenHash).toBe(sha256(token));
    expect(row.tokenEncrypted).not.toContain(token);
  });

  it("lists the student's lessons (upcoming and 90 days back, cancelled ones as cancelled), as the student may see them", async () => {
    const events = await readFeed((await myFeed(student)).url);
    expect([...events.keys()].sort()).toEqual([booking.studio, booking.cancelled, booking.cancelledStudio, booking.recent].map((id) => uid(id!)).sort());

    const studio = events.get(uid(booking.studio!))!;
    expect(studio.summary).toBe('Piano lesson with Ana');
    expect(studio.location).toBe('5 Studio Lane, Brooklyn, NY');
    expect(studio.startDate.zone.tzid).toBe('UTC');
    expect(studio.startDate.toJSDate().getTime()).toBe(t.clock.nowMs() + 7 * DAY);
    expect(studio.endDate.toJSDate().getTime()).toBe(t.clock.nowMs() + 7 * DAY + 60 * 60_000);
    expect(studio.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(studio.component.getFirstPropertyValue('dtstamp')).toBeTruthy();
    expect(studio.component.getFirstPropertyValue('url')).toBe(`${t.config.PUBLIC_URL}/lessons/${booking.studio}`);

    const cancelled = events.get(uid(booking.cancelled!))!;
    expect(cancelled.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.sequence).toBe(2);
    expect(cancelled.location).toBe('Online');
    expect(cancelled.summary).toBe('Cancelled: Piano lesson with Bo');
    // A cancelled lesson at the studio no longer tells the student where the studio is.
    expect(events.get(uid(booking.cancelledStudio!))!.location).toBe("Instructor's studio");
  });

  it("lists the instructor's lessons with the student's first name and the student's address", async () => {
    const events = await readFeed((await myFeed(instructor)).url);
    expect([...events.keys()].sort()).toEqual([booking.studio, booking.cancelledStudio, booking.home].map((id) => uid(id!)).sort());
    expect(events.get(uid(booking.home!))!.summary).toBe('Piano lesson with Lee');
    expect(events.get(uid(booking.home!))!.location).toBe('1 Home St, Queens, NY');
    expect(events.get(uid(booking.studio!))!.summary).toBe('Piano lesson with Sam');
    expect(events.get(uid(booking.cancelledStudio!))!.location).toBe('5 Studio Lane, Brooklyn, NY');
  });

  it("gives each user their own feed: another user's token shows none of your lessons", async () => {
    const events = await readFeed((await myFeed(otherStudent)).url);
    expect([...events.keys()]).toEqual([uid(booking.home!)]);
    expect((await myFeed(otherStudent)).url).not.toBe((await myFeed(student)).url);
  });

  it('rotates: a new address, and the old one is 404 at once', async () => {
    const before = await myFeed(onlineInstructor);
    expect((await t.app.inject({ method: 'GET', url: pathOf(before.url) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/calendar/rotate' })).statusCode).toBe(401);
    const rotated = await t.app.inject({ method: 'POST', url: '/api/v1/me/calendar/rotate', headers: { authorization: await authorization(onlineInstructor) } });
    expect(rotated.statusCode).toBe(200);
    const after = rotated.json() as { url: string };
    expect(after.url).not.toBe(before.url);
    expect(await myFeed(onlineInstructor)).toEqual(rotated.json());
    const old = await t.app.inject({ method: 'GET', url: pathOf(before.url) });
    expect(old.statusCode).toBe(404);
    expect(old.headers['content-type']).toContain('application/problem+json');
    const events = await readFeed(after.url);
    expect([...events.keys()].sort()).toEqual([booking.cancelled, booking.recent].map((id) => uid(id!)).sort());
  });

  it('answers 404 (never 5xx) for tokens of any other shape', async () => {
    const shapes = [
      'A'.repeat(43),
      'short',
      'A'.repeat(42) + '!',
      'A'.repeat(44),
      '..%2F..%2Fetc%2Fpasswd',
      "'%20or%201=1--",
      '%F0%9F%8E%B9'.repeat(20),
    ];
    for (const token of shapes) {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/calendar/${token}.ics` });
      expect({ token, status: response.statusCode }).toEqual({ token, status: 404 });
    }
    // A NUL in the path: the input guard's 400 for every route.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/calendar/%00%00.ics' })).statusCode).toBe(400);
    // Past the router's parameter length (100): Fastify's own 414, a 4xx all the same.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/calendar/${'A'.repeat(500)}.ics` })).statusCode).toBe(414);
    for (const path of ['/api/v1/calendar/.ics', '/api/v1/calendar/abc', '/api/v1/calendar/']) {
      expect({ path, status: (await t.app.inject({ method: 'GET', url: path })).statusCode }).toEqual({ path, status: 404 });
    }
  });
});
