import { z } from 'zod';
import { ACCOUNT_KINDS } from './chart-of-accounts.ts';

/** Request and response shapes of the admin ledger routes (OpenAPI). */

export const accountIdParam = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ledger account id');

const accountFields = {
  id: z.string(),
  code: z.string().describe('`provider_cash`, `instructor_payable:<userId>`, `student_credit:<userId>`…'),
  kind: z.enum(ACCOUNT_KINDS),
  normalSide: z.enum(['debit', 'credit']).describe('The side the account grows on: debit for assets and expenses, credit for liabilities and revenue'),
  ownerUserId: z.string().nullable().describe('The instructor or student of a per-person account'),
  balanceCents: z.number().int().describe('The balance on the account’s normal side (what is held, owed or earned)'),
  entries: z.number().int(),
};

export const LedgerAccountSchema = z.object(accountFields).meta({ id: 'LedgerAccount' });

export const TrialBalanceSchema = z
  .object({
    asOf: z.string(),
    accounts: z.array(
      z
        .object({
          ...accountFields,
          debitCents: z.number().int().describe('The balance when it is a debit balance, else 0'),
          creditCents: z.number().int().describe('The balance when it is a credit balance, else 0'),
        })
        .meta({ id: 'TrialBalanceLine' }),
    ),
    totalDebitCents: z.number().int(),
    totalCreditCents: z.number().int(),
    differenceCents: z.number().int().describe('Debits minus credits: always 0, the database refuses any transaction that does not balance'),
  })
  .meta({ id: 'TrialBalance' });

export const LedgerEntrySchema = z
  .object({
    entryId: z.number().int(),
    amountCents: z.number().int().describe('Positive for a debit, negative for a credit'),
    side: z.enum(['debit', 'credit']),
    transactionId: z.string(),
    kind: z.string().describe('The money event: `lesson_captured`, `refund_issued`, `payout_paid`…'),
    reference: z.string().describe('The money step, recorded once: `booking:{id}:capture`'),
    occurredAt: z.string(),
    description: z.string(),
  })
  .meta({ id: 'LedgerEntry' });

export const AccountStatementSchema = z
  .object({ account: LedgerAccountSchema, items: z.array(LedgerEntrySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'LedgerAccountStatement' });

export const ReconciliationRunSchema = z
  .object({
    id: z.string(),
    ranAt: z.string(),
    from: z.string().describe('Start of the checked window'),
    to: z.string(),
    providerTransactions: z.number().int().describe('Provider balance transactions in the window'),
    ledgerTransactions: z.number().int().describe('Ledger transactions naming provider ids in the window'),
    differences: z
      .array(z.looseObject({ kind: z.enum(['missing_in_ledger', 'missing_at_provider', 'amount_mismatch', 'claimed_twice']) }))
      .describe('Each difference with the ids and amounts of both sides; empty when the books agree'),
  })
  .meta({ id: 'ReconciliationRun' });
