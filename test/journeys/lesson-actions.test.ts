import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { aBookingCast, signIn, type PayingStudent, type SignedInPerson } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * What a lesson allows, read from the API (issue 11 §14): the booking's detail answers each
 * reader's `allowedActions`, the moves left, the no-show report and the tip, and the actions it
 * allows are the ones the action routes accept. The instructor's buffer after each lesson is
 * read and changed over HTTP: the open slots follow it, the lesson already booked keeps its own.
 *
 * Clock: Monday 2026-11-23 15:00 UTC; the lesson is Wednesday 15:00–16:00 UTC (10 AM New York).
 */
describe('lesson actions journey', () => {
  let t: TestApp;
  let clock: ControllableClock;
  let instructor: SignedInPerson;
  let admin: SignedInPerson;
  let student: PayingStudent;
  let other: PayingStudent;
  let serviceId: string;
  let bookingId: string;
  const LESSON = '2026-11-25T15:00:00.000Z';

  beforeAll(async () => {
    t = await createTestApp();
    clock = t.clock as ControllableClock;
    const cast = await aBookingCast(t, { days: ['2026-11-25'], students: 2 });
    ({ instructor, admin, serviceId } = cast);
    [student, other] = cast.students as [PayingStudent, PayingStudent];
    const booked = await send('POST', '/bookings', student, { instructorId: instructor.id, serviceId, durationMinutes: 60, startsAt: LESSON, locationType: 'online', paymentMethodId: student.card });
    expect(booked.statusCode, booked.body).toBe(201);
    bookingId = booked.json().id;
  }, 120_000);
  afterAll(() => t.close());

  function send(method: 'GET' | 'POST' | 'PUT', url: string, who: SignedInPerson | null, payload?: Record<string, unknown>) {
    return t.app.inject({ method, url: `/api/v1${url}`, headers: who ? { authorization: who.authorization } : {}, ...(payload ? { payload } : {}) });
  }
  const detail = async (who: SignedInPerson) => {
    const response = await send('GET', `/bookings/${bookingId}`, who);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  /** The lesson's actions as the reader's list of lessons gives them (GET /me/bookings): the same as its own page's. */
  const listedActions = async (who: SignedInPerson, role: 'student' | 'instructor', when: 'upcoming' | 'past') => {
    const response = await send('GET', `/me/bookings?role=${role}&when=${when}`, who);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().items as Array<{ id: string; allowedActions: unknown }>).find((item) => item.id === bookingId)?.allowedActions;
  };
  const none = { cancel: false, reschedule: false, reportNoShow: false, disputeNoShow: false, tip: false, payWithAnotherCard: false, refund: false, resolveNoShow: false };
  async function travel(to: string) {
    clock.set(to);
    for (const who of [student, other, instructor, admin]) who.authorization = (await signIn(t, who.login)).authorization;
  }
  const slotStarts = async () => {
    const response = await send('GET', `/instructors/${instructor.id}/slots?serviceId=${serviceId}&durationMinutes=60&from=2026-11-25&to=2026-11-25`, null);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().slots as Array<{ start: string }>).map((slot) => slot.start);
  };

  it('a confirmed lesson ahead: the student may cancel and move it, the instructor cancel, an admin nothing', async () => {
    expect(await detail(student)).toMatchObject({ viewer: 'student', allowedActions: { ...none, cancel: true, reschedule: true }, reschedulesLeft: 2, noShow: null, tip: null });
    expect(await detail(instructor)).toMatchObject({ viewer: 'instructor', allowedActions: { ...none, cancel: true } });
    expect(await detail(admin)).toMatchObject({ viewer: 'admin', allowedActions: none });
    expect(await listedActions(student, 'student', 'upcoming')).toEqual({ ...none, cancel: true, reschedule: true });
    expect(await listedActions(instructor, 'instructor', 'upcoming')).toEqual({ ...none, cancel: true });
    expect((await send('GET', `/bookings/${bookingId}`, other)).statusCode).toBe(404);
    // What the view allows the route accepts, and what it refuses the route refuses: the instructor cannot move it.
    expect((await send('GET', `/bookings/${bookingId}/cancellation-preview`, instructor)).statusCode).toBe(200);
    const move = await send('POST', `/bookings/${bookingId}/reschedule`, instructor, { startsAt: '2026-11-25T18:00:00.000Z' });
    expect(move.statusCode).toBe(403);
  });

  it('the buffer: read, refused outside 0–120 in steps of 5 naming the field, changed for the slots only from now on', async () => {
    const read = await send('GET', '/me/availability/buffer', instructor);
    expect(read.json()).toEqual({ bufferMinutes: 15, minMinutes: 0, maxMinutes: 120, stepMinutes: 5 });
    for (const bufferMinutes of [7, 125, -5, 12.5]) {
      const bad = await send('PUT', '/me/availability/buffer', instructor, { bufferMinutes });
      expect(bad.statusCode, `${bufferMinutes}`).toBe(400);
      expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'body.bufferMinutes' })]);
    }
    expect((await send('PUT', '/me/availability/buffer', student, { bufferMinutes: 30 })).statusCode).toBe(403);
    expect((await send('PUT', '/me/availability/buffer', null, { bufferMinutes: 30 })).statusCode).toBe(401);

    // 15 minutes after the 16:00 end is open; at 45 it is not, 16:45 is.
    expect(await slotStarts()).toContain('2026-11-25T16:15:00.000Z');
    const changed = await send('PUT', '/me/availability/buffer', instructor, { bufferMinutes: 45 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().bufferMinutes).toBe(45);
    expect((await send('GET', '/me/availability/buffer', instructor)).json().bufferMinutes).toBe(45);
    const starts = await slotStarts();
    expect(starts).not.toContain('2026-11-25T16:15:00.000Z');
    expect(starts).not.toContain('2026-11-25T16:30:00.000Z');
    expect(starts).toContain('2026-11-25T16:45:00.000Z');
    // The lesson already booked keeps the buffer it was booked with.
    expect((await detail(student)).bufferMinutes).toBe(15);
    const next = await send('POST', '/bookings', other, { instructorId: instructor.id, serviceId, durationMinutes: 60, startsAt: '2026-11-25T16:45:00.000Z', locationType: 'online', paymentMethodId: other.card });
    expect(next.statusCode, next.body).toBe(201);
    expect(next.json().bufferMinutes).toBe(45);
  });

  it('after the lesson: reports, disputes, the admin finding and the tip follow the view', async () => {
    await travel('2026-11-25T16:05:00.000Z');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/dev/jobs/run-due' })).statusCode).toBe(200);
    expect(await detail(student)).toMatchObject({ status: 'completed', allowedActions: { ...none, reportNoShow: true, tip: true } });
    expect(await detail(instructor)).toMatchObject({ allowedActions: { ...none, reportNoShow: true } });

    const report = await send('POST', `/bookings/${bookingId}/no-show`, instructor);
    expect(report.statusCode, report.body).toBe(201);
    const seen = await detail(student);
    expect(seen.allowedActions).toEqual({ ...none, disputeNoShow: true, tip: true });
    expect(seen.noShow).toEqual({
      reporter: 'instructor',
      absent: 'student',
      reportedAt: '2026-11-25T16:05:00.000Z',
      disputeDeadline: '2026-11-26T16:05:00.000Z',
      disputedAt: null,
      resolvedAt: null,
      finding: null,
    });
    expect((await detail(instructor)).allowedActions).toEqual(none);
    expect((await detail(admin)).allowedActions).toEqual({ ...none, resolveNoShow: true });

    const tip = await send('POST', `/bookings/${bookingId}/tip`, student, { amountCents: 1_000 });
    expect(tip.statusCode, tip.body).toBe(201);
    const tipped = await detail(student);
    expect(tipped.allowedActions).toEqual({ ...none, disputeNoShow: true });
    expect(await listedActions(student, 'student', 'past')).toEqual({ ...none, disputeNoShow: true });
    expect(await listedActions(instructor, 'instructor', 'past')).toEqual(none);
    expect(tipped.tip).toMatchObject({ amountCents: 1_000, state: 'succeeded' });
    expect((await detail(instructor)).tip).toMatchObject({ amountCents: 1_000 });
    // The view said no second tip; the route says the same.
    expect((await send('POST', `/bookings/${bookingId}/tip`, student, { amountCents: 500 })).json().code).toBe('tip_already_given');

    const disputed = await send('POST', `/bookings/${bookingId}/no-show/dispute`, student, { note: 'I was there.' });
    expect(disputed.statusCode, disputed.body).toBe(200);
    expect((await detail(student)).allowedActions).toEqual(none);
    expect((await detail(student)).noShow.disputedAt).toBe('2026-11-25T16:05:00.000Z');
  });
});
