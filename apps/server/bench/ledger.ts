/**
 * Ledger figures (`npm run bench`, or `npm run bench -w apps/server -- ledger` alone): the trial
 * balance over 1,000,000 entries on a scratch PostgreSQL database when DATABASE_URL is set
 * (dropped afterwards), and over 100,000 on embedded PGlite always.
 *
 * The books are loaded with generate_series in one database transaction, through the real
 * balance triggers (their cost is printed as the load time): lesson captures of four entries
 * each (provider pending, booking fee, commission, the instructor's payable) over 200
 * instructors, so the trial balance groups 203 accounts.
 */
import { sql } from 'kysely';
import { scratchDatabase } from './http.ts';
import { ControllableClock } from '../src/platform/clock.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createIdGenerator } from '../src/platform/ids.ts';
import { instructorPayable, platformAccount } from '../src/modules/ledger/chart-of-accounts.ts';
import { LedgerAdminService } from '../src/modules/ledger/ledger-admin.service.ts';
import { LedgerRepository } from '../src/modules/ledger/ledger.repository.ts';
import { permissionsOf } from '../src/modules/accounts/permissions.ts';

const ENTRIES_PER_TRANSACTION = 4;
const INSTRUCTORS = 200;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
}

async function loadBooks(database: Database, entries: number): Promise<void> {
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const ids = createIdGenerator(clock);
  const repository = new LedgerRepository(database.db);
  const instructorIds = Array.from({ length: INSTRUCTORS }, () => ids());
  await database.db
    .insertInto('users')
    .values(instructorIds.map((id) => ({ id, email: `bench-${id.toLowerCase()}@example.com`, name: 'Bench Instructor', passwordHash: 'x', roles: ['instructor'] })))
    .execute();
  await database.db.transaction().execute(async (trx) => {
    const accounts = [
      platformAccount('provider_pending'),
      platformAccount('revenue_booking_fee'),
      platformAccount('revenue_commission'),
      ...instructorIds.map(instructorPayable),
    ];
    const byCode = await repository.ensureAccounts(trx, accounts, ids, clock.now());
    const payables = instructorIds.map((id) => byCode.get(`instructor_payable:${id}`)!);
    const transactions = entries / ENTRIES_PER_TRANSACTION;
    // Transaction ids: a fixed 16-character prefix and the sequence number in 10 Crockford digits (valid ULIDs, unique).
    const txId = sql`'01JBENCH00000000' || lpad(upper(to_hex(n)), 10, '0')`;
    await sql`
      insert into ledger_transactions (id, kind, reference, occurred_at, description)
      select ${txId}, 'lesson_captured', 'bench:' || n || ':capture', ${clock.now()}::timestamptz + n * interval '1 second', 'bench lesson'
        from generate_series(1, ${transactions}::int) as n`.execute(trx);
    // Prices from $30 to $150 in 4 shapes; every transaction sums to zero.
    await sql`
      insert into ledger_entries (transaction_id, account_id, amount_cents)
      select ${txId}, line.account_id, line.amount
        from generate_series(1, ${transactions}::int) as n
        cross join lateral (select 3000 + (n % 13) * 1000 as price) p
        cross join lateral (values
          (${byCode.get('provider_pending')!}, p.price * 112 / 100),
          (${byCode.get('revenue_booking_fee')!}, -(p.price * 12 / 100)),
          (${byCode.get('revenue_commission')!}, -(p.price * 15 / 100)),
          ((${sql.val(payables)}::text[])[1 + n % ${INSTRUCTORS}], -(p.price * 85 / 100))
        ) as line (account_id, amount)`.execute(trx);
  });
  // As autovacuum leaves a table at rest: statistics and the visibility map (index-only scans).
  await sql`vacuum analyze ledger_entries`.execute(database.db);
}

async function benchOn(label: string, database: Database, entries: number): Promise<void> {
  await migrate(database.db);
  const [, loadMs] = await timed(() => loadBooks(database, entries));
  console.log(`ledger: ${entries.toLocaleString('en-US')} entries loaded through the balance triggers and vacuumed (${label}): ${(loadMs / 1000).toFixed(1)} s`);
  const repository = new LedgerRepository(database.db);
  const admin = new LedgerAdminService({ repository, clock: new ControllableClock('2026-11-23T15:00:00Z') });
  const principal = { kind: 'machine' as const, clientId: 'bench', permissions: permissionsOf(['admin']) };
  const samples: number[] = [];
  let difference = Number.NaN;
  let accounts = 0;
  for (let i = 0; i < 7; i++) {
    const [trial, ms] = await timed(() => admin.trialBalance(principal));
    samples.push(ms);
    difference = trial.differenceCents;
    accounts = trial.accounts.length;
  }
  console.log(
    `${`trial balance over ${entries.toLocaleString('en-US')} entries (${label})`.padEnd(60)} median ${median(samples).toFixed(0).padStart(6)} ms   min ${Math.min(...samples).toFixed(0)} ms   (${accounts} accounts, difference ${difference})`,
  );
  const someone = (await database.db.selectFrom('ledgerAccounts').select('id').where('kind', '=', 'instructor_payable').limit(1).executeTakeFirstOrThrow()).id;
  const pages: number[] = [];
  for (let i = 0; i < 50; i++) pages.push((await timed(() => admin.account(principal, someone, { limit: 20 })))[1]);
  console.log(`${`one instructor's account, first page of 20 (${label})`.padEnd(60)} median ${median(pages).toFixed(2).padStart(6)} ms`);
}

export async function benchLedger(): Promise<void> {
  const embedded = await openDatabase({ kind: 'pglite' });
  try {
    await benchOn('PGlite', embedded, 100_000);
  } finally {
    await embedded.close();
  }
  if (!process.env.DATABASE_URL) {
    console.log('ledger: set DATABASE_URL for the trial balance over 1,000,000 entries on PostgreSQL');
    return;
  }
  const scratch = await scratchDatabase();
  try {
    const postgres = await openDatabase({ kind: 'postgres', url: scratch.url!, poolMax: 2 });
    try {
      await benchOn('PostgreSQL', postgres, 1_000_000);
    } finally {
      await postgres.close();
    }
  } finally {
    await scratch.drop();
  }
}
