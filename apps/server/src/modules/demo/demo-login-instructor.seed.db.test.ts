import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../../../../test/support/builders.ts';
import { createTestApp, type TestApp } from '../../../../../test/support/test-app.ts';
import { MemoryStorage } from '../../integrations/storage/memory.ts';
import { UrlSigner } from '../../integrations/storage/url-signer.ts';
import { DEMO_ACCOUNTS, DEMO_INSTRUCTOR_EMAIL, DEMO_PASSWORD, seedDemoAccounts } from '../accounts/demo-accounts.ts';
import { StripePayments } from '../../integrations/payments/stripe-payments.adapter.ts';
import { seedDemoLoginInstructor } from './demo-login-instructor.seed.ts';
import { onboardDemoPayouts } from './demo-payouts.seed.ts';

/** What a first visitor sees when they log in with the printed demo instructor logins. */
describe('demo instructor logins', () => {
  let t: TestApp;
  let instructorId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoAccounts({ db: t.database.db, ids: t.ids, clock: t.clock });
    const storage = new MemoryStorage({ signer: UrlSigner.fromSecret('test', t.clock), baseUrl: 'http://localhost:3000' });
    expect(await seedDemoLoginInstructor({ db: t.database.db, ids: t.ids, clock: t.clock, storage }, { weeks: 3 })).toEqual({ created: true });
    expect(await seedDemoLoginInstructor({ db: t.database.db, ids: t.ids, clock: t.clock, storage })).toEqual({ created: false });
    // As `npm start` does after seeding (main.ts): payouts and identity at the local Stripe.
    const payments = new StripePayments({ secretKey: 'sk_test_demo', publishableKey: 'pk_test_demo', fetch: t.app.localStripe!.fetch });
    expect(await onboardDemoPayouts({ db: t.database.db, clock: t.clock, payments, localStripe: t.app.localStripe })).toEqual({ onboarded: 1 });
    instructorId = (await t.database.db.selectFrom('users').select('id').where('email', '=', DEMO_INSTRUCTOR_EMAIL).executeTakeFirstOrThrow()).id;
  });
  afterAll(() => t.close());

  it('prints two instructor logins: one with everything to show, one that has only signed up', () => {
    const instructors = DEMO_ACCOUNTS.filter((account) => account.roles.includes('instructor'));
    expect(instructors.map((account) => account.email)).toEqual([DEMO_INSTRUCTOR_EMAIL, 'new-instructor@demo.instainstru.test']);
    for (const account of DEMO_ACCOUNTS) expect(account.note).not.toBe('');
  });

  it('gives the demo instructor a complete, public profile with every checklist item done', async () => {
    const auth = await signIn(t, { email: DEMO_INSTRUCTOR_EMAIL, password: DEMO_PASSWORD });
    const own = await t.app.inject({ method: 'GET', url: '/api/v1/me/instructor-profile', headers: { authorization: auth.authorization } });
    expect(own.statusCode).toBe(200);
    const body = own.json() as { photo: unknown; checklist: Array<{ item: string; status: string; available: boolean }>; services: unknown[] };
    expect(body).toMatchObject({ exists: true, status: 'published', isPublic: true, isFounding: true });
    expect(body.photo).not.toBeNull();
    expect(body.services).toHaveLength(3);
    const available = body.checklist.filter((entry) => entry.available);
    expect(available.map((entry) => entry.item)).toEqual(expect.arrayContaining(['profile_complete', 'services', 'availability', 'payouts', 'identity']));
    for (const entry of available) expect(entry.status, entry.item).toBe('complete');

    const template = await t.app.inject({ method: 'GET', url: '/api/v1/me/availability/template', headers: { authorization: auth.authorization } });
    expect(template.statusCode).toBe(200);
    expect(JSON.stringify(template.json())).toMatch(/[1-9A-F]/);
  });

  it('shows the demo instructor to the public: languages, ages, levels, services, residential areas, a studio and open times', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/api/v1/instructors/${instructorId}` });
    expect(page.statusCode).toBe(200);
    const profile = page.json() as {
      languages: string[];
      ageGroups: string[];
      levels: string[];
      photo: unknown;
      location: { travelsToStudents: boolean; teachesOnline: boolean; studio: unknown; neighborhoodsServed: Array<{ code: string }> };
      services: Array<{ serviceId: string; slug: string; rates: Array<{ durationMinutes: number }> }>;
    };
    expect(profile).toMatchObject({ languages: ['en', 'es', 'fr'], ageGroups: ['adults', 'kids', 'teens'], levels: ['advanced', 'beginner', 'intermediate'] });
    expect(profile.photo).not.toBeNull();
    expect(profile.location).toMatchObject({ travelsToStudents: true, teachesOnline: true, studio: { radiusMeters: expect.any(Number) } });
    expect(profile.services.map((service) => service.slug).sort()).toEqual(['music-theory', 'piano', 'songwriting']);

    const served = profile.location.neighborhoodsServed.map((n) => n.code);
    expect(served.length).toBeGreaterThanOrEqual(5);
    const map = await t.app.inject({ method: 'GET', url: `/api/v1/neighborhoods?codes=${served.join(',')}` });
    const features = (map.json() as { features: Array<{ properties: { residential: boolean } }> }).features;
    expect(features).toHaveLength(served.length);
    expect(features.every((feature) => feature.properties.residential)).toBe(true);

    const piano = profile.services.find((service) => service.slug === 'piano')!;
    const slots = await t.app.inject({
      method: 'GET',
      url: `/api/v1/instructors/${instructorId}/slots?serviceId=${piano.serviceId}&durationMinutes=${piano.rates[0]!.durationMinutes}&from=2026-11-23&to=2026-12-06`,
    });
    expect(slots.statusCode).toBe(200);
    expect(JSON.stringify(slots.json())).toMatch(/2026-1[12]-\d\dT/);
  });

  it('leaves the second instructor login as a fresh sign-up, with the guided setup ahead', async () => {
    const auth = await signIn(t, { email: 'new-instructor@demo.instainstru.test', password: DEMO_PASSWORD });
    const own = await t.app.inject({ method: 'GET', url: '/api/v1/me/instructor-profile', headers: { authorization: auth.authorization } });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ exists: false, status: 'draft', isPublic: false });
  });
});
