import { z } from 'zod';
import { hasPermission, type Permission, type Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { naturalBalance, type AccountKind, type NormalSide } from './chart-of-accounts.ts';
import type { AccountBalanceRow, LedgerRepository } from './ledger.repository.ts';

export interface AccountView {
  id: string;
  code: string;
  kind: AccountKind;
  normalSide: NormalSide;
  ownerUserId: string | null;
  /** The balance on the account's normal side (what is owed on a payable, what is held on an asset). */
  balanceCents: number;
  entries: number;
}

export interface TrialBalanceLine extends AccountView {
  /** The balance in the trial balance's two columns: a debit balance or a credit balance, the other 0. */
  debitCents: number;
  creditCents: number;
}

export interface TrialBalance {
  asOf: string;
  accounts: TrialBalanceLine[];
  totalDebitCents: number;
  totalCreditCents: number;
  /** Debits minus credits over every account: 0 when the books balance (the database makes sure). */
  differenceCents: number;
}

const entryCursor = z.tuple([z.number().int().positive()]);

const accountView = (row: AccountBalanceRow): AccountView => ({
  id: row.id,
  code: row.code,
  kind: row.kind,
  normalSide: row.normalSide,
  ownerUserId: row.ownerUserId,
  balanceCents: naturalBalance(row.kind, row.sumCents),
  entries: row.entries,
});

/** Admin reads of the books (PRODUCT.md §6, §12): the trial balance and an account's statement. */
export class LedgerAdminService {
  constructor(private readonly deps: { repository: LedgerRepository; clock: Clock }) {}

  async trialBalance(principal: Principal | null): Promise<TrialBalance> {
    requirePermission(principal, 'ledger:read');
    const asOf = this.deps.clock.now().toISOString();
    const rows = await this.deps.repository.balances();
    const accounts = rows.map((row) => ({ ...accountView(row), debitCents: Math.max(row.sumCents, 0), creditCents: Math.max(0 - row.sumCents, 0) }));
    const totalDebitCents = accounts.reduce((sum, line) => sum + line.debitCents, 0);
    const totalCreditCents = accounts.reduce((sum, line) => sum + line.creditCents, 0);
    return { asOf, accounts, totalDebitCents, totalCreditCents, differenceCents: totalDebitCents - totalCreditCents };
  }

  async account(principal: Principal | null, id: string, page: { limit: number; cursor?: string }) {
    requirePermission(principal, 'ledger:read');
    // Input first: a malformed cursor is a 400 whether or not the account exists.
    const before = page.cursor ? Number(decodeCursor(page.cursor, entryCursor)[0]) : undefined;
    const row = await this.deps.repository.account(id);
    if (!row) throw notFound('Ledger account');
    const rows = await this.deps.repository.statement(id, { beforeEntryId: before, limit: page.limit + 1 });
    const { items, nextCursor } = toPage(rows, page.limit, (entry) => [entry.entryId]);
    return {
      account: accountView(row),
      items: items.map((entry) => ({
        entryId: entry.entryId,
        amountCents: entry.amountCents,
        side: entry.amountCents > 0 ? ('debit' as const) : ('credit' as const),
        transactionId: entry.transactionId,
        kind: entry.kind,
        reference: entry.reference,
        occurredAt: entry.occurredAt.toISOString(),
        description: entry.description,
      })),
      nextCursor,
    };
  }
}

/** The route declares the same permission; checked here first so the service is safe from any caller (ARCHITECTURE rule 7). */
export function requirePermission(principal: Principal | null, permission: Permission): asserts principal is Principal {
  if (!principal) throw new DomainError('unauthenticated', 'You need to log in to do this.');
  if (!hasPermission(principal, permission)) {
    throw new DomainError('forbidden', `This needs the "${permission}" permission, which your account does not have.`);
  }
}
