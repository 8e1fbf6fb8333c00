import { sql } from 'kysely';
import Stripe from 'stripe';
import { createLocalStripe, type LocalStripe } from '../local-stripe.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';

/** A clock the test moves by hand; starts at 2026-03-02T15:00:00Z. */
export const START_MS = Date.UTC(2026, 2, 2, 15, 0, 0);

export class ManualClock {
  constructor(public ms = START_MS) {}
  nowMs() {
    return this.ms;
  }
  advanceSeconds(seconds: number) {
    this.ms += seconds * 1000;
  }
  get seconds() {
    return Math.floor(this.ms / 1000);
  }
}

export interface Harness {
  database: TestDatabase;
  clock: ManualClock;
  local: LocalStripe;
  events: { id: string; type: string; json: string }[];
  /** The official SDK, reaching the local Stripe through its fetch hook. */
  stripe: Stripe;
  /** The same SDK with a publishable key, as Stripe.js would call. */
  browser: Stripe;
  /** Empties the tables and rewinds the clock, so each test starts from nothing on one database. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export function sdkFor(local: LocalStripe, key: string): Stripe {
  return new Stripe(key, { httpClient: Stripe.createFetchHttpClient(local.fetch), maxNetworkRetries: 0 });
}

/**
 * One database per test file (starting PGlite costs seconds), emptied before each test.
 * Call in a describe-less file body: `const h = useHarness();` then use `h.current`.
 */
export function useHarness(hooks: {
  beforeAll: (fn: () => Promise<void>) => void;
  beforeEach: (fn: () => Promise<void>) => void;
  afterAll: (fn: () => Promise<void>) => void;
}): { current: Harness } {
  const holder = {} as { current: Harness };
  hooks.beforeAll(async () => {
    holder.current = await openHarness();
  });
  hooks.beforeEach(async () => {
    await holder.current.reset();
  });
  hooks.afterAll(async () => {
    await holder.current?.close();
  });
  return holder;
}

export async function openHarness(): Promise<Harness> {
  const database = await openTestDatabase();
  const clock = new ManualClock();
  const events: Harness['events'] = [];
  const local = createLocalStripe({
    db: database.db,
    clock,
    publicBaseUrl: 'http://localhost:3000',
    onEvent: (event) => {
      events.push(event);
    },
  });
  await local.ensureSchema();
  return {
    database,
    clock,
    local,
    events,
    stripe: sdkFor(local, 'sk_test_local'),
    browser: sdkFor(local, 'pk_test_local'),
    async reset() {
      await sql`truncate fake_stripe_objects, fake_stripe_events, fake_stripe_idempotency`.execute(database.db);
      events.length = 0;
      clock.ms = START_MS;
    },
    close: () => database.close(),
  };
}

export function eventTypes(harness: Harness): string[] {
  return harness.events.map((event) => event.type);
}

/** An Express account taken through the local onboarding to the end, ready to receive money. */
export async function onboardedAccount(harness: Harness, email = 'teacher@example.com'): Promise<string> {
  const account = await harness.stripe.accounts.create({ type: 'express', country: 'US', email, capabilities: { transfers: { requested: true } } });
  await harness.local.finishOnboarding(account.id, 'complete');
  return account.id;
}
