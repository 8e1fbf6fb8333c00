import type { Route } from './context.ts';
import { accountRoutes } from './resources/accounts.ts';
import { identityRoutes } from './resources/identity.ts';
import { payoutRoutes } from './resources/payouts.ts';
import { balanceRoutes } from './resources/balance.ts';
import { chargeRoutes } from './resources/charges.ts';
import { customerRoutes } from './resources/customers.ts';
import { eventRoutes } from './resources/events.ts';
import { paymentIntentRoutes } from './resources/payment-intents.ts';
import { paymentMethodRoutes } from './resources/payment-methods.ts';
import { refundRoutes } from './resources/refunds.ts';
import { setupIntentRoutes } from './resources/setup-intents.ts';
import { transferRoutes } from './resources/transfers.ts';

/** Every endpoint the local Stripe answers; anything else is Stripe's "Unrecognized request URL". */
export const routes: Route[] = [
  ...customerRoutes,
  ...paymentMethodRoutes,
  ...setupIntentRoutes,
  ...paymentIntentRoutes,
  ...chargeRoutes,
  ...refundRoutes,
  ...transferRoutes,
  ...balanceRoutes,
  ...eventRoutes,
  ...accountRoutes,
  ...payoutRoutes,
  ...identityRoutes,
];
