import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentError } from '../../apps/server/src/integrations/payments/payment-error.ts';
import { createLedgerModule } from '../../apps/server/src/modules/ledger/ledger.module.ts';
import * as postings from '../../apps/server/src/modules/ledger/postings.policy.ts';
import { lessonSplit } from '../../apps/server/src/modules/payments/fees.policy.ts';
import { anAdmin, anInstructor, aStudent, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A lesson's money goes through the books the way the payments module records it (capture,
 * transfer, tip, payout with the instant fee, a late refund); an admin then reads the trial
 * balance and the instructor's account over HTTP.
 */
describe('ledger journey: an admin reads the books', () => {
  let t: TestApp;
  let admin: { authorization: string };
  let student: { authorization: string; id: string };
  let instructorId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, await anAdmin(t));
    const s = await aStudent(t);
    student = { authorization: (await signIn(t, s)).authorization, id: s.id };
    instructorId = (await anInstructor(t)).id;

    const { ledger } = createLedgerModule({ db: t.database.db, clock: t.clock, ids: t.ids, provider: { async *list() {} } });
    const split = lessonSplit(8_000, 'standard');
    const steps = [
      postings.creditGranted({ creditId: 'C1', studentId: student.id, amountCents: 2_000, reason: 'referral' }),
      postings.lessonCaptured({ bookingId: 'B1', lessonCents: 8_000, bookingFeeCents: split.bookingFeeCents, commissionCents: split.commissionCents, providerFeeCents: 225, creditAppliedCents: 2_000, instructorId, studentId: student.id, providerIds: ['ch_1'] }),
      postings.instructorTransferred({ reference: 'booking:B1:transfer', instructorId, amountCents: split.instructorReceivesCents, balance: 'pending', providerIds: ['tr_1'] }),
      postings.tipCaptured({ tipId: 'T1', bookingId: 'B1', amountCents: 1_000, providerFeeCents: 59, providerIds: ['ch_2'] }),
      postings.tipTransferred({ tipId: 'T1', instructorId, amountCents: 1_000, balance: 'pending', providerIds: ['tr_2'] }),
      postings.instantPayoutFee({ payoutId: 'po_1', instructorId, feeCents: 156 }),
      postings.payoutPaid({ payoutId: 'po_1', instructorId, amountCents: 7_644 }),
    ];
    for (const step of steps) await t.database.db.transaction().execute((trx) => ledger.post(trx, step));
  });
  afterAll(() => t.close());

  const get = (url: string, who: { authorization: string } | null = admin) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: who ? { authorization: who.authorization } : {} });

  it('the trial balance: debits equal credits, each account on its side', async () => {
    const response = await get('/admin/ledger/trial-balance');
    expect(response.statusCode).toBe(200);
    const trial = response.json();
    expect(trial).toMatchObject({ asOf: '2026-11-23T15:00:00.000Z', differenceCents: 0 });
    expect(trial.totalDebitCents).toBe(trial.totalCreditCents);
    const balance = (code: string) => trial.accounts.find((line: { code: string }) => line.code === code)?.balanceCents;
    expect(balance('revenue_booking_fee')).toBe(960);
    expect(balance('revenue_commission')).toBe(1_200);
    expect(balance('revenue_instant_payout_fee')).toBe(156);
    expect(balance('provider_fees')).toBe(284);
    expect(balance('promotions_expense')).toBe(2_000);
    expect(balance('tips_payable')).toBe(0);
    expect(balance(`student_credit:${student.id}`)).toBe(0);
    // Owed 6,800 + 1,000 tip − 156 fee = 7,644, all paid out.
    expect(balance(`instructor_payable:${instructorId}`)).toBe(0);
    expect(balance(`connected_balance:${instructorId}`)).toBe(0);
  });

  it('an account’s entries, newest first, page by page', async () => {
    const trial = (await get('/admin/ledger/trial-balance')).json();
    const payable = trial.accounts.find((line: { code: string }) => line.code === `instructor_payable:${instructorId}`);
    const first = await get(`/admin/ledger/accounts/${payable.id}?limit=2`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      account: { id: payable.id, kind: 'instructor_payable', normalSide: 'credit', ownerUserId: instructorId, balanceCents: 0, entries: 4 },
      items: [
        { amountCents: 7_644, side: 'debit', kind: 'payout_paid', reference: 'payout:po_1:paid' },
        { amountCents: 156, side: 'debit', kind: 'instant_payout_fee', reference: 'payout:po_1:fee' },
      ],
    });
    const second = await get(`/admin/ledger/accounts/${payable.id}?limit=2&cursor=${first.json().nextCursor}`);
    expect(second.json().items.map((item: { amountCents: number; kind: string }) => [item.amountCents, item.kind])).toEqual([
      [-1_000, 'tip_transferred'],
      [-6_800, 'lesson_captured'],
    ]);
    expect(second.json().nextCursor).toBeNull();
  });

  it('404 for an unknown account, 400 for a malformed id or cursor', async () => {
    expect((await get('/admin/ledger/accounts/01JAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
    expect((await get('/admin/ledger/accounts/nope')).statusCode).toBe(400);
    const trial = (await get('/admin/ledger/trial-balance')).json();
    expect((await get(`/admin/ledger/accounts/${trial.accounts[0].id}?cursor=garbage`)).statusCode).toBe(400);
  });

  it('students and anonymous callers are refused', async () => {
    expect((await get('/admin/ledger/trial-balance', student)).statusCode).toBe(403);
    expect((await get('/admin/ledger/trial-balance', null)).statusCode).toBe(401);
  });
  const post = (url: string, payload: unknown, who: { authorization: string } | null = admin) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: who ? { authorization: who.authorization } : {}, payload: payload as object });

  it('reconciles with the (local) provider on demand: every ledger step naming a provider id the provider lacks is listed, and the report kept', async () => {
    const response = await post('/admin/ledger/reconcile', {});
    expect(response.statusCode).toBe(200);
    const run = response.json();
    expect(run).toMatchObject({ from: '2026-11-21T15:00:00.000Z', to: '2026-11-23T15:00:00.000Z', providerTransactions: 0 });
    // This story's steps name ch_1, tr_1, ch_2, tr_2 and po_1, none of which the local Stripe of this app ever made.
    const missing = run.differences.filter((difference: { kind: string }) => difference.kind === 'missing_at_provider');
    expect(missing.map((difference: { reference: string }) => difference.reference).sort()).toEqual(
      expect.arrayContaining(['booking:B1:capture', 'booking:B1:transfer', 'tip:T1:capture', 'tip:T1:transfer']),
    );
    const latest = (await get('/admin/ledger/reconciliations?limit=1')).json();
    expect(latest.items).toEqual([run]);
  });

  it('refuses a reconciliation window in the future or over 90 days back (400 naming body.from), and students (403)', async () => {
    for (const from of ['2026-11-24T00:00:00Z', '2026-08-01T00:00:00Z', 'yesterday']) {
      const response = await post('/admin/ledger/reconcile', { from });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((error: { field: string }) => error.field)).toContain('body.from');
    }
    expect((await post('/admin/ledger/reconcile', {}, student)).statusCode).toBe(403);
    expect((await get('/admin/ledger/reconciliations', student)).statusCode).toBe(403);
  });
  it('answers 503 and keeps no report when the provider cannot be read', async () => {
    const { reconciliations } = createLedgerModule({
      db: t.database.db,
      clock: t.clock,
      ids: t.ids,
      provider: {
        async *list() {
          throw new PaymentError('unavailable', 'connection refused');
        },
      },
    });
    const before = (await get('/admin/ledger/reconciliations')).json().items.length;
    await expect(reconciliations.runDaily()).rejects.toMatchObject({ code: 'service_unavailable' });
    expect((await get('/admin/ledger/reconciliations')).json().items).toHaveLength(before);
  });
});
