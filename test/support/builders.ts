import { sql } from 'kysely';
import { expect } from 'vitest';
import { passwordHasher } from '../../apps/server/src/modules/accounts/password-hasher.ts';
import type { Role } from '../../apps/server/src/modules/accounts/permissions.ts';
import type { TestApp } from './test-app.ts';

/**
 * Test data builders: people who exist before the story starts. They write rows directly
 * (no emails, no rate limits), then the story drives the real API.
 */
export const DEFAULT_PASSWORD = 'correct horse battery staple';

let counter = 0;

export interface BuiltUser {
  id: string;
  email: string;
  name: string;
  password: string;
  roles: Role[];
}

/**
 * One Argon2 hash per password for the whole file, reused by every user that has it: a hash
 * costs tens of milliseconds on purpose, and stories of 200 students would spend most of their
 * time on them. Each hash still verifies like any other.
 */
const hashes = new Map<string, Promise<string>>();
const hashOf = (password: string) => {
  let hashed = hashes.get(password);
  if (!hashed) hashes.set(password, (hashed = passwordHasher.hash(password)));
  return hashed;
};

export async function aUser(
  t: Pick<TestApp, 'database' | 'ids' | 'clock'>,
  options: { roles?: Role[]; email?: string; name?: string; password?: string; emailVerified?: boolean } = {},
): Promise<BuiltUser> {
  counter += 1;
  const roles = options.roles ?? ['student'];
  const user = {
    id: t.ids(),
    email: options.email ?? `${roles[0]}${counter}.${Date.now().toString(36)}@example.com`,
    name: options.name ?? `Test ${roles[0]} ${counter}`,
    password: options.password ?? DEFAULT_PASSWORD,
    roles,
  };
  await t.database.db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      name: user.name,
      passwordHash: await hashOf(user.password),
      roles,
      emailVerifiedAt: options.emailVerified === false ? null : t.clock.now(),
    })
    .execute();
  return user;
}

export const aStudent = (t: Parameters<typeof aUser>[0], options: Parameters<typeof aUser>[1] = {}) => aUser(t, { ...options, roles: ['student'] });
export const anInstructor = (t: Parameters<typeof aUser>[0], options: Parameters<typeof aUser>[1] = {}) =>
  aUser(t, { ...options, roles: ['instructor'] });
export const anAdmin = (t: Parameters<typeof aUser>[0], options: Parameters<typeof aUser>[1] = {}) => aUser(t, { ...options, roles: ['admin'] });

let addressCounter = 0;
/**
 * A distinct client address per call (TEST-NET-2 documentation range, never contacted), so
 * per-IP login protection and rate limits in one story do not leak into the next.
 */
export function aClientIp(): string {
  addressCounter += 1;
  return `198.51.${Math.floor(addressCounter / 250) % 250}.${(addressCounter % 250) + 1}`;
}

/** Logs in through the API; returns the bearer header and the refresh cookie. */
export async function signIn(t: Pick<TestApp, 'app'>, user: { email: string; password: string }, extra: Record<string, string> = {}) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: user.password, ...extra },
    headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36' },
    remoteAddress: aClientIp(),
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = String(response.headers['set-cookie']).split(';')[0]!;
  const { accessToken } = response.json() as { accessToken: string };
  return { accessToken, authorization: `Bearer ${accessToken}`, cookie };
}

export interface InstructorServiceSpec {
  /** A catalog service slug, e.g. 'piano'. */
  slug: string;
  lessonTypes?: Array<'student_location' | 'instructor_location' | 'online' | 'neutral_location'>;
  rates?: Array<{ durationMinutes: 30 | 45 | 60 | 90; rateCents: number }>;
}

export interface BuiltInstructor extends BuiltUser {
  approvedAt: Date | null;
}

/**
 * An instructor whose profile is complete and published (and approved unless `approved: false`),
 * written straight to the tables. Defaults: online piano lessons, 60 minutes for $80. A
 * `studio` makes them teach at that address and point. The photo is a storage key with no
 * objects behind it (the public view still lists its URLs).
 */
export async function aPublishedInstructor(
  t: Parameters<typeof aUser>[0],
  options: Parameters<typeof aUser>[1] & {
    approved?: boolean;
    status?: 'draft' | 'published';
    headline?: string;
    studio?: { address: string; lat: number; lng: number };
    travelsToStudents?: boolean;
    teachesOnline?: boolean;
    services?: InstructorServiceSpec[];
  } = {},
): Promise<BuiltInstructor> {
  const user = await aUser(t, { ...options, roles: ['instructor'] });
  const now = t.clock.now();
  const approvedAt = options.approved === false ? null : now;
  const status = options.status ?? 'published';
  const studio = options.studio;
  await t.database.db
    .insertInto('instructorProfiles')
    .values({
      userId: user.id,
      displayName: user.name,
      headline: options.headline ?? `Lessons with ${user.name}`,
      bio: 'I have taught in New York City for years and love helping students of every age find their footing.',
      yearsExperience: 8,
      languages: ['en'],
      ageGroups: ['kids', 'teens', 'adults'],
      levels: ['beginner', 'intermediate'],
      photoKey: `instructors/${user.id}/photos/${t.ids()}`,
      travelsToStudents: options.travelsToStudents ?? false,
      teachesAtStudio: Boolean(studio),
      teachesOnline: options.teachesOnline ?? !studio,
      studioAddress: studio?.address ?? null,
      studioLocation: studio ? sql<string>`st_setsrid(st_makepoint(${studio.lng}, ${studio.lat}), 4326)` : null,
      status,
      publishedAt: status === 'published' ? now : null,
      approvedAt,
    })
    .execute();
  const specs = options.services ?? [{ slug: 'piano' }];
  for (const spec of specs) {
    const service = await t.database.db.selectFrom('services').select('id').where('slug', '=', spec.slug).executeTakeFirstOrThrow();
    const lessonTypes = spec.lessonTypes ?? [studio ? 'instructor_location' : 'online'];
    await t.database.db.insertInto('instructorServices').values({ instructorId: user.id, serviceId: service.id, lessonTypes }).execute();
    await t.database.db
      .insertInto('instructorServiceRates')
      .values((spec.rates ?? [{ durationMinutes: 60, rateCents: 8_000 }]).map((rate) => ({ instructorId: user.id, serviceId: service.id, ...rate })))
      .execute();
  }
  await payoutsAndIdentityDone(t, user.id);
  return { ...user, approvedAt };
}

/**
 * The checklist's payouts and identity items done, written as their webhooks would leave them:
 * an enabled payout account and a verified identity session (ids that exist at no provider).
 */
export async function payoutsAndIdentityDone(t: Pick<TestApp, 'database' | 'ids' | 'clock'>, userId: string): Promise<{ accountId: string; sessionId: string }> {
  const now = t.clock.now();
  const suffix = t.ids().replace(/[^A-Za-z0-9]/g, '');
  const accountId = `acct_test${suffix}`;
  const sessionId = `vs_test${suffix}`;
  await t.database.db
    .insertInto('payoutAccounts')
    .values({ userId, accountId, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true, providerStateAt: now, createdAt: now, updatedAt: now })
    .execute();
  await t.database.db
    .insertInto('identityVerifications')
    .values({ id: sessionId, userId, status: 'verified', lastErrorCode: null, verifiedAt: now, providerStateAt: now, createdAt: now, updatedAt: now })
    .execute();
  return { accountId, sessionId };
}

/**
 * Whole days of availability for an instructor (every quarter-hour open), written straight to
 * the table with the search's free time rewritten, as the availability service would.
 */
export async function openDays(t: Pick<TestApp, 'database' | 'clock'>, instructorId: string, dates: readonly string[]): Promise<void> {
  const { rewriteFreeTime } = await import('../../apps/server/src/modules/availability/free-time.repository.ts');
  const { cellCount } = await import('../../apps/server/src/modules/availability/day-cells.ts');
  await t.database.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('availabilityDays')
      .values(dates.map((date) => ({ instructorId, date, cells: 'F'.repeat(cellCount(date) / 4), updatedAt: t.clock.now() })))
      .execute();
    await rewriteFreeTime(trx, [instructorId]);
  });
}

/**
 * A card saved by the student the way the browser does it (the API starts the setup, the card
 * goes straight to the local Stripe, which confirms it); answers its `pm_…` id.
 */
export async function aSavedCard(t: Pick<TestApp, 'app'>, authorization: string, number = '4242424242424242'): Promise<string> {
  const { default: Stripe } = await import('stripe');
  const setup = await t.app.inject({ method: 'POST', url: '/api/v1/me/payment-methods/setup', headers: { authorization } });
  if (setup.statusCode !== 201) throw new Error(`card setup failed: ${setup.statusCode} ${setup.body}`);
  const { setupIntentId, clientSecret, publishableKey } = setup.json() as { setupIntentId: string; clientSecret: string; publishableKey: string };
  const browser = new Stripe(publishableKey, { httpClient: Stripe.createFetchHttpClient(t.app.localStripe!.fetch), maxNetworkRetries: 0 });
  const method = await browser.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: 2030, cvc: '123' } });
  await browser.setupIntents.confirm(setupIntentId, { payment_method: method.id, client_secret: clientSecret, return_url: 'http://localhost:3000/account/payment-methods' } as never);
  return method.id;
}

/** Someone signed in: `authorization` is replaced when they sign in again (after the clock jumps, say). */
export interface SignedInPerson {
  id: string;
  authorization: string;
  login: { email: string; password: string };
}

/** A student signed in, with a card saved at the local Stripe. */
export interface PayingStudent extends SignedInPerson {
  card: string;
}

export async function aPayingStudent(t: Pick<TestApp, 'app' | 'database' | 'ids' | 'clock'>): Promise<PayingStudent> {
  const person = await aStudent(t);
  const { authorization } = await signIn(t, person);
  return { id: person.id, authorization, card: await aSavedCard(t, authorization), login: person };
}

/**
 * The instructor's payout account made one that exists at the local Stripe (the builder's is a
 * placeholder): started through the API, onboarded at the local Stripe, and enabled; answers its id.
 */
export async function aLocalStripePayoutAccount(t: Pick<TestApp, 'app' | 'database'>, instructor: { id: string; authorization: string }): Promise<string> {
  const headers = { authorization: instructor.authorization };
  await t.database.db.deleteFrom('payoutAccounts').where('userId', '=', instructor.id).execute();
  expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/payouts/onboarding', headers })).statusCode).toBe(201);
  const { accountId } = await t.database.db.selectFrom('payoutAccounts').select('accountId').where('userId', '=', instructor.id).executeTakeFirstOrThrow();
  await t.app.localStripe!.finishOnboarding(accountId, 'complete');
  expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/payouts?refresh=true', headers })).json().status).toBe('enabled');
  return accountId;
}

/**
 * An instructor students can book and pay: published (the default online piano, 60 minutes for
 * $80, or `name`'s), with a payout account that exists and is onboarded at the local Stripe (the
 * card is authorized for it), open all of `days`; with the piano service's id.
 */
export async function aBookableInstructor(
  t: Pick<TestApp, 'app' | 'database' | 'ids' | 'clock'>,
  options: { days: readonly string[]; name?: string },
): Promise<{ instructor: BuiltInstructor; person: SignedInPerson; serviceId: string }> {
  const instructor = await aPublishedInstructor(t, options.name ? { name: options.name } : {});
  const person = { id: instructor.id, authorization: (await signIn(t, instructor)).authorization, login: instructor };
  await aLocalStripePayoutAccount(t, person);
  const serviceId = (await t.database.db.selectFrom('services').select('id').where('slug', '=', 'piano').executeTakeFirstOrThrow()).id;
  await openDays(t, instructor.id, options.days);
  return { instructor, person, serviceId };
}

/**
 * The people of a booking journey, all signed in: a published instructor (the default online
 * piano, 60 minutes for $80) paid out at the local Stripe and open all of `days`; `students`
 * students (4 unless told) each with a saved card; an admin.
 */
export async function aBookingCast(
  t: Pick<TestApp, 'app' | 'database' | 'ids' | 'clock'>,
  options: { days: readonly string[]; students?: number },
): Promise<{ instructor: SignedInPerson; serviceId: string; students: PayingStudent[]; admin: SignedInPerson }> {
  const { person: instructor, serviceId } = await aBookableInstructor(t, { days: options.days });
  const students: PayingStudent[] = [];
  for (let index = 0; index < (options.students ?? 4); index++) students.push(await aPayingStudent(t));
  const boss = await anAdmin(t);
  const admin = { id: boss.id, authorization: (await signIn(t, boss)).authorization, login: boss };
  return { instructor, serviceId, students, admin };
}
