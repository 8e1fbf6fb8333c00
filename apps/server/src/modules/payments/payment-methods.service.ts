import { PaymentError } from '../../integrations/payments/payment-error.ts';
import type { PaymentsPort, SavedCard } from '../../integrations/payments/payments.port.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { requireOwner } from '../discovery/discovery-access.ts';

const PERMISSION = 'payments:methods_own' as const;

/**
 * Saved cards (issue 10 item 1): the card lives at the provider, entered in the browser straight
 * to it (Stripe.js or the local card form); we keep only which provider customer is the user's.
 */
export class PaymentMethodsService {
  constructor(private readonly deps: { db: Db; payments: PaymentsPort; clock: Clock; ids: IdGenerator }) {}

  /** Starts saving a card: the browser confirms the setup with `clientSecret` and the publishable key. */
  async startSetup(principal: Principal | null) {
    const userId = requireOwner(principal, PERMISSION);
    const customerId = await this.customerFor(userId);
    const setup = await provider(() => this.deps.payments.startCardSetup({ customerId, idempotencyKey: `user:${userId}:card-setup:${this.deps.ids()}` }));
    return { ...setup, publishableKey: this.deps.payments.publishableKey, provider: this.deps.payments.mode === 'fake' ? ('local' as const) : ('stripe' as const) };
  }

  /** The user's cards, the default first; a user with cards and no default gets the newest as default. */
  async list(principal: Principal | null): Promise<SavedCard[]> {
    const userId = requireOwner(principal, PERMISSION);
    const customerId = await this.existingCustomer(userId);
    if (!customerId) return [];
    const cards = await provider(() => this.deps.payments.listCards(customerId));
    if (cards.length === 0 || cards.some((card) => card.isDefault)) return cards;
    await provider(() => this.deps.payments.setDefaultCard(customerId, cards[0]!.id));
    return cards.map((card, index) => ({ ...card, isDefault: index === 0 }));
  }

  async setDefault(principal: Principal | null, paymentMethodId: string): Promise<void> {
    const userId = requireOwner(principal, PERMISSION);
    const customerId = await this.existingCustomer(userId);
    if (!customerId) throw cardNotFound();
    await provider(() => this.deps.payments.setDefaultCard(customerId, paymentMethodId));
  }

  async remove(principal: Principal | null, paymentMethodId: string): Promise<void> {
    const userId = requireOwner(principal, PERMISSION);
    const customerId = await this.existingCustomer(userId);
    if (!customerId) throw cardNotFound();
    await provider(() => this.deps.payments.removeCard(customerId, paymentMethodId));
  }

  private async existingCustomer(userId: string): Promise<string | null> {
    const row = await this.deps.db.selectFrom('paymentCustomers').select('customerId').where('userId', '=', userId).executeTakeFirst();
    return row?.customerId ?? null;
  }

  /**
   * The user's provider customer, created once: the idempotency key is the user's, so two
   * first setups at once create one customer at the provider, and one row here.
   */
  private async customerFor(userId: string): Promise<string> {
    const existing = await this.existingCustomer(userId);
    if (existing) return existing;
    const user = await this.deps.db.selectFrom('users').select(['email', 'name']).where('id', '=', userId).executeTakeFirstOrThrow();
    const { customerId } = await provider(() => this.deps.payments.createCustomer({ userId, email: user.email, name: user.name, idempotencyKey: `user:${userId}:customer` }));
    await this.deps.db
      .insertInto('paymentCustomers')
      .values({ userId, customerId, createdAt: this.deps.clock.now() })
      .onConflict((conflict) => conflict.column('userId').doNothing())
      .execute();
    return (await this.existingCustomer(userId))!;
  }
}

const cardNotFound = () => new DomainError('not_found', 'You have no saved card with this id.');

/** The provider's refusals in the API's words: an unknown or foreign card is 404; the provider down is 503 (try again). */
async function provider<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof PaymentError)) throw error;
    if (error.kind === 'unavailable') throw new DomainError('service_unavailable', 'Payments are unavailable right now; please try again in a minute.');
    if (error.details.code === 'resource_missing') throw cardNotFound();
    throw new DomainError('unprocessable', error.message, { code: error.details.code ?? error.kind });
  }
}
