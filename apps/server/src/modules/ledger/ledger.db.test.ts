import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { insertInstructorUser, userPrincipal } from '../instructors/instructors.testing.ts';
import { lessonSplit, type CommissionTier } from '../payments/fees.policy.ts';
import { accountCode, instructorPayable, studentCredit } from './chart-of-accounts.ts';
import { LedgerAdminService } from './ledger-admin.service.ts';
import { LedgerRepository } from './ledger.repository.ts';
import { LedgerService } from './ledger.service.ts';
import * as postings from './postings.policy.ts';
import type { Posting } from './postings.policy.ts';

/**
 * The ledger on the real database: what PostgreSQL itself refuses (unbalanced transactions,
 * edits of the books), posting inside the caller's transaction, idempotency by reference, the
 * trial balance and statements, and a property over random sequences of money operations.
 */
describe('ledger', () => {
  let database: Database;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const ids = createIdGenerator(clock);
  let repository: LedgerRepository;
  let ledger: LedgerService;
  let admin: LedgerAdminService;
  let instructors: string[];
  let students: string[];
  let adminPrincipal: ReturnType<typeof userPrincipal>;

  beforeAll(async () => {
    database = await openTestDatabase();
    repository = new LedgerRepository(database.db);
    ledger = new LedgerService({ repository, clock, ids });
    admin = new LedgerAdminService({ repository, clock });
    instructors = [await insertInstructorUser(database.db, ids), await insertInstructorUser(database.db, ids)];
    students = [await insertInstructorUser(database.db, ids, { roles: ['student'] }), await insertInstructorUser(database.db, ids, { roles: ['student'] })];
    adminPrincipal = userPrincipal(await insertInstructorUser(database.db, ids, { roles: ['admin'] }), ['admin']);
  });
  afterAll(() => database?.close());

  const post = (p: Posting) => database.db.transaction().execute((trx) => ledger.post(trx, p));

  /** Writes a transaction and raw entries, bypassing the service, as a buggy caller could. */
  const rawTransaction = async (amounts: number[]) => {
    const accountId = (await post(postings.providerFee({ reference: `seed:${ids()}`, feeCents: 1, description: 'seed' }))).transaction.id;
    const accounts = await database.db.selectFrom('ledgerEntries').select('accountId').where('transactionId', '=', accountId).execute();
    await database.db.transaction().execute(async (trx) => {
      const id = ids();
      await trx.insertInto('ledgerTransactions').values({ id, kind: 'test', reference: `raw:${id}`, occurredAt: clock.now(), description: 'raw' }).execute();
      if (amounts.length > 0) {
        await trx
          .insertInto('ledgerEntries')
          .values(amounts.map((amountCents, index) => ({ transactionId: id, accountId: accounts[index % accounts.length]!.accountId, amountCents })))
          .execute();
      }
    });
  };

  describe('what the database refuses', () => {
    it('a transaction whose entries do not sum to zero, at commit', async () => {
      await expect(rawTransaction([500, -499])).rejects.toThrow(/does not balance/);
    });

    it('a transaction with no entries, or one', async () => {
      await expect(rawTransaction([])).rejects.toThrow(/at least two/);
      await expect(rawTransaction([7])).rejects.toThrow(/does not balance|at least two/);
    });

    it('an entry of zero', async () => {
      await expect(rawTransaction([0, 0])).rejects.toThrow(/check constraint|violates/);
    });

    it('an entry added later that unbalances a committed transaction', async () => {
      const { transaction } = await post(postings.providerFee({ reference: `later:${ids()}`, feeCents: 10, description: 'x' }));
      const accountId = (await database.db.selectFrom('ledgerEntries').select('accountId').where('transactionId', '=', transaction.id).executeTakeFirstOrThrow()).accountId;
      await expect(database.db.insertInto('ledgerEntries').values({ transactionId: transaction.id, accountId, amountCents: 3 }).execute()).rejects.toThrow(/does not balance/);
    });

    it('accepts a balanced raw transaction (entries in any order, checked at commit)', async () => {
      await expect(rawTransaction([-300, 100, 200])).resolves.toBeUndefined();
    });

    it('any update or delete of entries and transactions, and truncation', async () => {
      const { transaction } = await post(postings.providerFee({ reference: `frozen:${ids()}`, feeCents: 25, description: 'x' }));
      await expect(database.db.updateTable('ledgerEntries').set({ amountCents: 26 }).where('transactionId', '=', transaction.id).execute()).rejects.toThrow(/never changed/);
      await expect(database.db.deleteFrom('ledgerEntries').where('transactionId', '=', transaction.id).execute()).rejects.toThrow(/never changed/);
      await expect(database.db.updateTable('ledgerTransactions').set({ description: 'edited' }).where('id', '=', transaction.id).execute()).rejects.toThrow(/never changed/);
      await expect(database.db.deleteFrom('ledgerTransactions').where('id', '=', transaction.id).execute()).rejects.toThrow(/never changed/);
      await expect(sql`truncate ledger_entries, ledger_transactions`.execute(database.db)).rejects.toThrow(/never changed/);
      const entries = await database.db.selectFrom('ledgerEntries').select(['amountCents']).where('transactionId', '=', transaction.id).orderBy('amountCents').execute();
      expect(entries.map((entry) => entry.amountCents)).toEqual([-25, 25]);
    });

    it('an owned account without its owner, or a code that does not match its kind', async () => {
      const insert = (values: { code: string; kind: 'student_credit' | 'provider_cash'; normalSide: 'debit' | 'credit'; ownerUserId: string | null }) =>
        database.db.insertInto('ledgerAccounts').values({ id: ids(), createdAt: clock.now(), ...values }).execute();
      await expect(insert({ code: 'student_credit', kind: 'student_credit', normalSide: 'credit', ownerUserId: null })).rejects.toThrow(/check constraint/);
      await expect(insert({ code: 'provider_cash:x', kind: 'provider_cash', normalSide: 'debit', ownerUserId: null })).rejects.toThrow(/check constraint|unique/);
      await expect(insert({ code: `student_credit:${students[0]}`, kind: 'student_credit', normalSide: 'debit', ownerUserId: students[0]! })).rejects.toThrow(/check constraint/);
    });
  });

  describe('posting', () => {
    it('writes in the caller’s transaction: rolled back with it', async () => {
      const reference = `booking:${ids()}:capture`;
      const split = lessonSplit(8_000, 'standard');
      const capture = postings.lessonCaptured({ bookingId: reference.split(':')[1]!, lessonCents: 8_000, bookingFeeCents: split.bookingFeeCents, commissionCents: split.commissionCents, providerFeeCents: 290, instructorId: instructors[0]!, studentId: students[0]! });
      await expect(
        database.db.transaction().execute(async (trx) => {
          await ledger.post(trx, capture);
          throw new Error('the state change failed after the posting');
        }),
      ).rejects.toThrow('state change failed');
      expect(await repository.transactionByReference(capture.reference)).toBeUndefined();
      const first = await post(capture);
      expect(first.replayed).toBe(false);
      expect(await repository.transactionByReference(capture.reference)).toMatchObject({ id: first.transaction.id, kind: 'lesson_captured', occurredAt: clock.now() });
    });

    it('records a reference once: a second post is a no-op returning the first', async () => {
      const payout = postings.payoutPaid({ payoutId: `po_${ids()}`, instructorId: instructors[1]!, amountCents: 1_000 });
      const before = await ledger.balanceOf(database.db, instructorPayable(instructors[1]!));
      const first = await post(payout);
      clock.advance(60_000);
      const second = await post(payout);
      expect(second).toEqual({ transaction: first.transaction, replayed: true });
      expect(await ledger.balanceOf(database.db, instructorPayable(instructors[1]!))).toBe(before - 1_000);
    });

    it('refuses the same reference with other amounts', async () => {
      const payoutId = `po_${ids()}`;
      await post(postings.payoutPaid({ payoutId, instructorId: instructors[1]!, amountCents: 1_000 }));
      const error = await post(postings.payoutPaid({ payoutId, instructorId: instructors[1]!, amountCents: 1_001 })).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('conflict');
    });

    it('concurrent posts of one reference record it once', async () => {
      const grant = postings.creditGranted({ creditId: ids(), studentId: students[1]!, amountCents: 2_000, reason: 'referral' });
      const results = await Promise.all([post(grant), post(grant), post(grant)]);
      expect(new Set(results.map((result) => result.transaction.id)).size).toBe(1);
      expect(results.filter((result) => !result.replayed)).toHaveLength(1);
      const count = await database.db.selectFrom('ledgerTransactions').select((eb) => eb.fn.countAll<number>().as('n')).where('reference', '=', grant.reference).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    });
  });

  describe('admin reads', () => {
    it('the trial balance balances and shows each account on its side', async () => {
      const studentId = students[0]!;
      const before = await ledger.balanceOf(database.db, studentCredit(studentId));
      await post(postings.creditGranted({ creditId: ids(), studentId, amountCents: 2_000, reason: 'referral' }));
      const trial = await admin.trialBalance(adminPrincipal);
      expect(trial.differenceCents).toBe(0);
      expect(trial.totalDebitCents).toBe(trial.totalCreditCents);
      expect(trial.totalDebitCents).toBeGreaterThan(0);
      const credit = trial.accounts.find((line) => line.code === `student_credit:${studentId}`)!;
      expect(credit).toMatchObject({ kind: 'student_credit', normalSide: 'credit', ownerUserId: studentId, balanceCents: before + 2_000, debitCents: 0, creditCents: before + 2_000 });
    });

    it('an account’s statement, newest first, page by page', async () => {
      const instructorId = await insertInstructorUser(database.db, ids);
      for (const amount of [100, 200, 300, 400, 500]) await post(postings.instructorRewardEarned({ rewardId: ids(), instructorId, amountCents: amount, reason: 'test' }));
      const account = (await repository.accountByCode(accountCode(instructorPayable(instructorId))))!;
      const first = await admin.account(adminPrincipal, account.id, { limit: 2 });
      expect(first.account).toMatchObject({ code: `instructor_payable:${instructorId}`, balanceCents: 1_500, entries: 5 });
      expect(first.items.map((item) => [item.amountCents, item.side, item.kind])).toEqual([
        [-500, 'credit', 'instructor_reward'],
        [-400, 'credit', 'instructor_reward'],
      ]);
      const second = await admin.account(adminPrincipal, account.id, { limit: 2, cursor: first.nextCursor! });
      const third = await admin.account(adminPrincipal, account.id, { limit: 2, cursor: second.nextCursor! });
      expect([...second.items, ...third.items].map((item) => item.amountCents)).toEqual([-300, -200, -100]);
      expect(third.nextCursor).toBeNull();
      await expect(admin.account(adminPrincipal, ids(), { limit: 2 })).rejects.toMatchObject({ code: 'not_found' });
      await expect(admin.account(adminPrincipal, account.id, { limit: 2, cursor: 'bm9wZQ' })).rejects.toMatchObject({ code: 'validation_failed' });
    });

    it('only with the ledger permission', async () => {
      await expect(admin.trialBalance(null)).rejects.toMatchObject({ code: 'unauthenticated' });
      await expect(admin.trialBalance(userPrincipal(instructors[0]!))).rejects.toMatchObject({ code: 'forbidden' });
    });
  });

  describe('random sequences of money operations', () => {
    const TIERS: CommissionTier[] = ['founding', 'standard', 'established', 'top'];
    const person = fc.integer({ min: 0, max: 1 });
    const amount = fc.integer({ min: 1, max: 500_000 });
    const share = fc.double({ min: 0, max: 1, noNaN: true });
    const operation = fc.oneof(
      fc.record({ op: fc.constant('capture' as const), price: amount, tier: fc.constantFrom(...TIERS), credit: share, fee: share, i: person, s: person }),
      fc.record({ op: fc.constant('late_cancel' as const), price: amount, fee: share, s: person }),
      fc.record({ op: fc.constant('transfer' as const), amount, i: person, pending: fc.boolean() }),
      fc.record({ op: fc.constant('refund' as const), amount, reversed: share, i: person }),
      fc.record({ op: fc.constant('credit' as const), amount, s: person, expire: share }),
      fc.record({ op: fc.constant('tip' as const), amount, fee: share, i: person }),
      fc.record({ op: fc.constant('payout' as const), amount, i: person, fails: fc.boolean(), instant: fc.boolean() }),
      fc.record({ op: fc.constant('fee' as const), amount }),
      fc.record({ op: fc.constant('available' as const), amount }),
      fc.record({ op: fc.constant('replay' as const), pick: share }),
      fc.record({ op: fc.constant('rolled_back' as const), amount, i: person }),
      fc.record({ op: fc.constant('reverse' as const), pick: share }),
    );

    /** The postings one operation makes (several for a tip, a payout…). */
    const postingsOf = (o: { op: string; [key: string]: unknown }, history: Posting[]): Posting[] => {
      const id = ids();
      const i = instructors[(o.i as number) ?? 0]!;
      const s = students[(o.s as number) ?? 0]!;
      const amt = o.amount as number;
      switch (o.op) {
        case 'capture': {
          const split = lessonSplit(o.price as number, o.tier as CommissionTier);
          const credit = Math.floor(split.studentPaysCents * (o.credit as number));
          const fee = Math.floor((split.studentPaysCents - credit) * (o.fee as number));
          return [postings.lessonCaptured({ bookingId: id, lessonCents: split.lessonCents, bookingFeeCents: split.bookingFeeCents, commissionCents: split.commissionCents, providerFeeCents: fee, creditAppliedCents: credit, instructorId: i, studentId: s })];
        }
        case 'late_cancel': {
          const split = lessonSplit(o.price as number, 'standard');
          return [postings.lateCancellationCharged({ bookingId: id, lessonCents: split.lessonCents, bookingFeeCents: split.bookingFeeCents, providerFeeCents: Math.floor(split.studentPaysCents * (o.fee as number)), studentId: s })];
        }
        case 'transfer':
          return [postings.instructorTransferred({ reference: `booking:${id}:transfer`, instructorId: i, amountCents: amt, balance: o.pending ? 'pending' : 'available' })];
        case 'refund':
          return [postings.refundIssued({ bookingId: id, refundId: `re_${id}`, refundCents: amt, instructorReversedCents: Math.floor(amt * (o.reversed as number)), instructorId: i })];
        case 'credit': {
          const expired = Math.floor(amt * (o.expire as number));
          return [postings.creditGranted({ creditId: id, studentId: s, amountCents: amt, reason: 'goodwill' }), ...(expired > 0 ? [postings.creditExpired({ creditId: id, studentId: s, amountCents: expired })] : [])];
        }
        case 'tip':
          return [
            postings.tipCaptured({ tipId: id, bookingId: id, amountCents: amt, providerFeeCents: Math.floor(amt * (o.fee as number)) }),
            postings.tipTransferred({ tipId: id, instructorId: i, amountCents: amt, balance: 'available' }),
          ];
        case 'payout': {
          const fee = Math.floor(amt * 0.02);
          return [
            ...(o.instant && fee > 0 ? [postings.instantPayoutFee({ payoutId: `po_${id}`, instructorId: i, feeCents: fee })] : []),
            postings.payoutPaid({ payoutId: `po_${id}`, instructorId: i, amountCents: amt }),
            ...(o.fails ? [postings.payoutFailed({ payoutId: `po_${id}`, instructorId: i, amountCents: amt })] : []),
          ];
        }
        case 'fee':
          return [postings.providerFee({ reference: `fee:${id}`, feeCents: amt, description: 'dispute fee' })];
        case 'available':
          return [postings.fundsAvailable({ reference: `available:${id}`, amountCents: amt })];
        case 'replay':
          return history.length > 0 ? [history[Math.floor((o.pick as number) * (history.length - 1))]!] : [];
        case 'reverse': {
          const original = history.filter((p) => p.kind !== 'reversal' && !history.some((q) => q.reference === `${p.reference}:reversal`));
          return original.length > 0 ? [postings.reversal(original[Math.floor((o.pick as number) * (original.length - 1))]!, 'correction')] : [];
        }
        default:
          return [];
      }
    };

    it('keep the trial balance at zero and every balance equal to the sum of its postings', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (operations) => {
          const start = new Map((await repository.balances()).map((row) => [row.code, row.sumCents]));
          const expected = new Map(start);
          const recorded = new Set<string>();
          const history: Posting[] = [];
          for (const o of operations) {
            if (o.op === 'rolled_back') {
              const doomed = postings.instructorRewardEarned({ rewardId: ids(), instructorId: instructors[o.i]!, amountCents: o.amount, reason: 'doomed' });
              await database.db
                .transaction()
                .execute(async (trx) => {
                  await ledger.post(trx, doomed);
                  throw new Error('rollback');
                })
                .catch(() => {});
              continue;
            }
            for (const p of postingsOf(o, history)) {
              await post(p);
              if (recorded.has(p.reference)) continue;
              recorded.add(p.reference);
              history.push(p);
              for (const line of p.lines) expected.set(accountCode(line.account), (expected.get(accountCode(line.account)) ?? 0) + line.amountCents);
            }
          }
          const rows = await repository.balances();
          expect(rows.reduce((total, row) => total + row.sumCents, 0)).toBe(0);
          const actual = new Map(rows.map((row) => [row.code, row.sumCents]));
          for (const [code, sum] of expected) expect([code, actual.get(code) ?? 0]).toEqual([code, sum]);
          for (const [code, sum] of actual) expect([code, sum]).toEqual([code, expected.get(code) ?? 0]);
          const trial = await admin.trialBalance(adminPrincipal);
          expect(trial.differenceCents).toBe(0);
        }),
        { numRuns: 25 },
      );
    }, 120_000);
  });
});
