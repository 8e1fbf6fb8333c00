import type { CatalogTables } from '../modules/catalog/catalog.tables.ts';
import type { AccountsTables } from '../modules/accounts/accounts.tables.ts';
import type { AvailabilityTables } from '../modules/availability/availability.tables.ts';
import type { DevTables } from '../modules/dev/dev.tables.ts';
import type { GeoTables } from '../modules/geo/geo.tables.ts';
import type { InstructorsTables } from '../modules/instructors/instructors.tables.ts';
import type { EmailTables } from '../modules/notifications/email.tables.ts';
import type { SmsTables } from '../modules/notifications/sms.tables.ts';
import type { PlatformTables } from '../platform/db/platform.tables.ts';

/**
 * The database as Kysely sees it (camelCase; CamelCasePlugin maps to snake_case columns).
 * Each module declares the tables it owns in its own `*.tables.ts`; this is their union.
 */
export interface DB
  extends PlatformTables,
    CatalogTables,
    DevTables,
    AccountsTables,
    EmailTables,
    SmsTables,
    InstructorsTables,
    GeoTables,
    AvailabilityTables {}
