import type { Config } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { OutboxSms } from './outbox.ts';
import type { SmsPort } from './sms.port.ts';
import { TwilioSms } from './twilio.ts';

/**
 * The one place that picks the SMS adapter (ARCHITECTURE rule 5), under the same rule that
 * integrations/modes.ts reports on /health: Twilio when its three settings are present, the
 * local outbox otherwise (PRODUCT.md §11).
 */
export function createSmsPort(deps: { config: Config; db: Db; clock: Clock }): SmsPort {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM_NUMBER: from } = deps.config;
  if (accountSid && authToken && from) return new TwilioSms({ accountSid, authToken, from });
  return new OutboxSms({ db: deps.db, clock: deps.clock, from });
}
