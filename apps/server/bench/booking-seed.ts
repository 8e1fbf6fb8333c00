/**
 * Bulk data for the bookings benchmark (bench/bookings.ts), written straight to the tables in
 * a few statements, as the test builders write one row at a time: published instructors (online
 * piano, 60 minutes for $80, 15 minutes of buffer) with open days and their free time, students
 * with a customer and a saved card at the local Stripe (which keeps its state in the same
 * database, so the server under load sees them), and confirmed bookings awaiting their T-24 h
 * authorization.
 */
import Stripe from 'stripe';
import type { LocalStripe } from '@instainstru/local-stripe';
import { passwordHasher } from '../src/modules/accounts/password-hasher.ts';
import { cellCount } from '../src/modules/availability/day-cells.ts';
import { rewriteFreeTime } from '../src/modules/availability/free-time.repository.ts';
import type { PaymentsPort } from '../src/integrations/payments/payments.port.ts';
import type { Clock } from '../src/platform/clock.ts';
import type { Database } from '../src/platform/db/database.ts';
import type { IdGenerator } from '../src/platform/ids.ts';

export const BENCH_PASSWORD = 'bench password 0123456789';
export const LESSON = { durationMinutes: 60, bufferMinutes: 15, lessonCents: 8_000, bookingFeeCents: 960 } as const;
const ROWS_PER_INSERT = 1_000;

export interface SeedContext {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
}

async function insertChunks<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let index = 0; index < rows.length; index += ROWS_PER_INSERT) await insert(rows.slice(index, index + ROWS_PER_INSERT));
}

/** Runs `task` over `items`, `concurrency` at a time. */
export async function pool<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!, index);
      }
    }),
  );
  return results;
}

let passwordHash: Promise<string> | undefined;

/** Users of one role sharing one password hash (one Argon2 computation for all of them). */
export async function users(context: SeedContext, count: number, role: 'student' | 'instructor', label: string): Promise<Array<{ id: string; email: string }>> {
  passwordHash ??= passwordHasher.hash(BENCH_PASSWORD);
  const hash = await passwordHash;
  const now = context.clock.now();
  const rows = Array.from({ length: count }, () => {
    const id = context.ids();
    return { id, email: `bench-${label}-${id.toLowerCase()}@example.com`, name: `Bench ${role}`, passwordHash: hash, roles: [role], emailVerifiedAt: now };
  });
  await insertChunks(rows, (chunk) => context.database.db.insertInto('users').values(chunk).execute());
  return rows.map(({ id, email }) => ({ id, email }));
}

/**
 * Published, approved instructors of the piano (online, 60 minutes for $80) with payouts and
 * identity done; `accountIds` gives their payout accounts (accounts that exist at the local
 * Stripe, for charges), else placeholders are written (enough for bookings authorized later).
 */
export async function instructors(context: SeedContext, count: number, label: string, accountIds?: readonly string[]): Promise<{ ids: string[]; serviceId: string }> {
  const { db } = context.database;
  const now = context.clock.now();
  const people = await users(context, count, 'instructor', label);
  const { id: serviceId } = await db.selectFrom('services').select('id').where('slug', '=', 'piano').executeTakeFirstOrThrow();
  await insertChunks(people, (chunk) =>
    db
      .insertInto('instructorProfiles')
      .values(
        chunk.map(({ id }) => ({
          userId: id,
          displayName: 'Bench Instructor',
          headline: 'Piano lessons for the benchmark',
          bio: 'I have taught in New York City for years and love helping students of every age find their footing.',
          yearsExperience: 8,
          languages: ['en'],
          ageGroups: ['adults'],
          levels: ['beginner'],
          photoKey: `instructors/${id}/photos/${context.ids()}`,
          travelsToStudents: false,
          teachesAtStudio: false,
          teachesOnline: true,
          status: 'published' as const,
          publishedAt: now,
          approvedAt: now,
        })),
      )
      .execute(),
  );
  await insertChunks(people, (chunk) => db.insertInto('instructorServices').values(chunk.map(({ id }) => ({ instructorId: id, serviceId, lessonTypes: ['online' as const] }))).execute());
  await insertChunks(people, (chunk) =>
    db
      .insertInto('instructorServiceRates')
      .values(chunk.map(({ id }) => ({ instructorId: id, serviceId, durationMinutes: LESSON.durationMinutes, rateCents: LESSON.lessonCents })))
      .execute(),
  );
  await insertChunks(
    people.map(({ id }, index) => ({ id, index })),
    (chunk) =>
      db
        .insertInto('payoutAccounts')
        .values(
          chunk.map(({ id, index }) => ({
            userId: id,
            accountId: accountIds?.[index] ?? `acct_bench${id}`,
            chargesEnabled: true,
            payoutsEnabled: true,
            detailsSubmitted: true,
            providerStateAt: now,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .execute(),
  );
  await insertChunks(people, (chunk) =>
    db
      .insertInto('identityVerifications')
      .values(chunk.map(({ id }) => ({ id: `vs_bench${id}`, userId: id, status: 'verified', lastErrorCode: null, verifiedAt: now, providerStateAt: now, createdAt: now, updatedAt: now })))
      .execute(),
  );
  return { ids: people.map(({ id }) => id), serviceId };
}

/** Whole days open (every quarter hour), with the search's free time rewritten as the availability service would. */
export async function openDays(context: SeedContext, instructorIds: readonly string[], dates: readonly string[]): Promise<void> {
  const now = context.clock.now();
  await context.database.db.transaction().execute(async (trx) => {
    const rows = instructorIds.flatMap((instructorId) => dates.map((date) => ({ instructorId, date, cells: 'F'.repeat(cellCount(date) / 4), updatedAt: now })));
    await insertChunks(rows, (chunk) => trx.insertInto('availabilityDays').values(chunk).execute());
    await rewriteFreeTime(trx, instructorIds);
  });
}

/** Payout accounts created and onboarded at the local Stripe (destination charges need real ones). */
export async function payoutAccounts(local: LocalStripe, sdk: Stripe, count: number, concurrency: number): Promise<string[]> {
  return pool(Array.from({ length: count }), concurrency, async () => {
    const account = await sdk.accounts.create({ type: 'express', country: 'US' });
    await local.finishOnboarding(account.id, 'complete');
    return account.id;
  });
}

/**
 * Students with a customer at the local Stripe and the Visa test card saved through a
 * SetupIntent (as the browser confirms it), recorded in payment_customers as the API does.
 */
export async function payingStudents(
  context: SeedContext,
  payments: PaymentsPort,
  sdk: Stripe,
  count: number,
  label: string,
  concurrency: number,
): Promise<Array<{ id: string; email: string; card: string }>> {
  const people = await users(context, count, 'student', label);
  return pool(people, concurrency, async (person) => {
    const { customerId } = await payments.createCustomer({ userId: person.id, email: person.email, name: 'Bench student', idempotencyKey: `customer:${person.id}` });
    await context.database.db.insertInto('paymentCustomers').values({ userId: person.id, customerId, createdAt: context.clock.now() }).execute();
    const setup = await payments.startCardSetup({ customerId, idempotencyKey: `setup:${person.id}` });
    await sdk.setupIntents.confirm(setup.setupIntentId, { payment_method: 'pm_card_visa' });
    return { ...person, card: (await payments.cardSetup(setup.setupIntentId)).paymentMethodId! };
  });
}

/**
 * Confirmed lessons whose card authorization is scheduled (booked days ago, T-24 h passed or
 * not), in bulk: `rows` gives who, with whom and when; the rest is the default lesson.
 */
export async function scheduledBookings(
  context: SeedContext,
  serviceId: string,
  rows: ReadonlyArray<{ studentId: string; instructorId: string; card: string; startsAt: Date }>,
  bookedAt: Date,
): Promise<void> {
  const bookings = rows.map((row) => ({
    id: context.ids(),
    studentId: row.studentId,
    instructorId: row.instructorId,
    serviceId,
    durationMinutes: LESSON.durationMinutes,
    startsAt: row.startsAt,
    endsAt: new Date(row.startsAt.getTime() + LESSON.durationMinutes * 60_000),
    bufferMinutes: LESSON.bufferMinutes,
    locationType: 'online' as const,
    status: 'confirmed' as const,
    paymentState: 'scheduled' as const,
    lessonCents: LESSON.lessonCents,
    bookingFeeCents: LESSON.bookingFeeCents,
    creditsCents: 0,
    totalCents: LESSON.lessonCents + LESSON.bookingFeeCents,
    paymentMethodId: row.card,
    originalStartsAt: row.startsAt,
    createdAt: bookedAt,
    updatedAt: bookedAt,
  }));
  await insertChunks(bookings, (chunk) => context.database.db.insertInto('bookings').values(chunk).execute());
}
