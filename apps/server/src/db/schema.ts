import type { CatalogTables } from '../modules/catalog/catalog.tables.ts';
import type { AccountsTables } from '../modules/accounts/accounts.tables.ts';
import type { AvailabilityTables } from '../modules/availability/availability.tables.ts';
import type { FreeTimeTables } from '../modules/availability/free-time.tables.ts';
import type { DevTables } from '../modules/dev/dev.tables.ts';
import type { DiscoveryTables } from '../modules/discovery/discovery.tables.ts';
import type { GeoTables } from '../modules/geo/geo.tables.ts';
import type { InstructorsTables } from '../modules/instructors/instructors.tables.ts';
import type { LedgerTables } from '../modules/ledger/ledger.tables.ts';
import type { EmailTables } from '../modules/notifications/email.tables.ts';
import type { SmsTables } from '../modules/notifications/sms.tables.ts';
import type { PaymentCustomersTables } from '../modules/payments/payment-customers.tables.ts';
import type { PayoutsTables } from '../modules/payouts/payouts.tables.ts';
import type { IdentityTables } from '../modules/identity/identity.tables.ts';
import type { PaymentWebhookTables } from '../modules/payments/webhooks/webhook-events.tables.ts';
import type { LocalDeliveryTables } from '../modules/payments/local-delivery/local-delivery.tables.ts';
import type { BookingsTables } from '../modules/bookings/bookings.tables.ts';
import type { BookingPaymentStepsTables } from '../modules/bookings/booking-payment-steps.tables.ts';
import type { CreditsTables } from '../modules/bookings/credits.tables.ts';
import type { CalendarTables } from '../modules/calendar/calendar.tables.ts';
import type { BookingTipsTables } from '../modules/bookings/booking-tips.tables.ts';

/**
 * The database as Kysely sees it (camelCase; CamelCasePlugin maps to snake_case columns).
 * Each module declares the tables it owns in its own `*.tables.ts`; this adds them to the
 * platform's `DB` (which holds the platform's own tables), so platform code never imports a
 * module.
 */
declare module '../platform/db/database.ts' {
  interface DB
    extends CatalogTables,
      DevTables,
      AccountsTables,
      EmailTables,
      SmsTables,
      InstructorsTables,
      GeoTables,
      AvailabilityTables,
      FreeTimeTables,
      DiscoveryTables,
      LedgerTables,
      PaymentWebhookTables,
      PaymentCustomersTables,
      LocalDeliveryTables,
      PayoutsTables,
      IdentityTables,
      BookingsTables,
      CreditsTables,
      CalendarTables,
      BookingPaymentStepsTables,
      BookingTipsTables {}
}

export type { DB } from '../platform/db/database.ts';
