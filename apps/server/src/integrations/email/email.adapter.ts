import { Resend } from 'resend';
import type { Config } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { EmailPort } from './email.port.ts';
import { OutboxEmailAdapter } from './outbox.ts';
import { ResendEmailAdapter } from './resend.ts';

/**
 * The one place that picks the email adapter: Resend when RESEND_API_KEY is set, otherwise
 * the local outbox (the development default). Keep in step with integrations/modes.ts, which
 * reports the same choice on /health.
 */
export function createEmailPort(
  config: Pick<Config, 'RESEND_API_KEY'>,
  deps: { db: Db; clock: Clock; ids: IdGenerator },
): EmailPort {
  if (config.RESEND_API_KEY) return new ResendEmailAdapter(new Resend(config.RESEND_API_KEY));
  return new OutboxEmailAdapter(deps);
}
